import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { checkTarget, type TargetOrigin } from "../policy/check-target.ts";
import type { TargetPolicy } from "../policy/target-policy.ts";
import { withTimeout } from "./stage-recorder.ts";
import { TunnelError } from "./tunnel-error.ts";

/**
 * DNS stage (an IP literal needs no lookup), then the target policy on the address. `origin.field`
 * is the config field the host came from, so the hint names what to fix.
 */
export async function resolveHost(
  host: string,
  timeoutMs: number,
  origin: TargetOrigin,
  policy: TargetPolicy,
): Promise<{ address: string; looked: boolean }> {
  if (isIP(host)) {
    checkTarget(policy, host, host, origin);
    return { address: host, looked: false };
  }
  let address: string;
  try {
    ({ address } = await withTimeout(
      lookup(host),
      timeoutMs,
      () =>
        new TunnelError("DNS_TIMEOUT", `Looking up ${host} took longer than ${timeoutMs} ms`, {
          detail: { field: origin.field },
          server: origin.server,
        }),
    ));
  } catch (error) {
    if (TunnelError.is(error)) throw error;
    throw new TunnelError("DNS_FAILED", `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? "lookup failed"})`, {
      cause: error,
      detail: { field: origin.field },
      server: origin.server,
    });
  }
  checkTarget(policy, host, address, origin);
  return { address, looked: true };
}
