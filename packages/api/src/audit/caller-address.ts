import type { Principal, ServiceContext } from "../context.ts";
import { clientAddress, type RequestOrigin } from "../throttle/client-address.ts";

/** The principal with the client's address, read as the sign-in throttle reads it (trusted proxies only). */
export function withCallerAddress(ctx: Pick<ServiceContext, "throttle">, principal: Principal, origin: RequestOrigin): Principal {
  return { ...principal, address: clientAddress(origin, ctx.throttle.settings.trustedProxies) };
}
