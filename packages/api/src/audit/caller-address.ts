import type { Principal, ServiceContext } from "../context.ts";
import { clientAddress, type RequestOrigin } from "../throttle/client-address.ts";

/** The client's address as the sign-in throttle reads it (X-Forwarded-For from trusted proxies only). */
export function callerAddress(ctx: Pick<ServiceContext, "throttle">, origin: RequestOrigin | undefined): string | null {
  return origin ? clientAddress(origin, ctx.throttle.settings.trustedProxies) : null;
}

/** The principal with the client's address, for the audit log. */
export function withCallerAddress(ctx: Pick<ServiceContext, "throttle">, principal: Principal, origin: RequestOrigin): Principal {
  return { ...principal, address: callerAddress(ctx, origin) };
}
