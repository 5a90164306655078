import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { withTimeout } from "./stage-recorder.ts";
import { TunnelError } from "./tunnel-error.ts";

/** DNS stage for the bastion: an IP literal needs no lookup. */
export async function resolveHost(host: string, timeoutMs: number): Promise<{ address: string; looked: boolean }> {
  if (isIP(host)) return { address: host, looked: false };
  try {
    const { address } = await withTimeout(
      lookup(host),
      timeoutMs,
      () => new TunnelError("dns", "DNS_TIMEOUT", `Looking up ${host} took longer than ${timeoutMs} ms`, "Check the DNS servers this service uses, or give ssh_tunnel.host as an IP address"),
    );
    return { address, looked: true };
  } catch (error) {
    if (TunnelError.is(error)) throw error;
    throw new TunnelError("dns", "DNS_FAILED", `${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? "lookup failed"})`, "Check the spelling of ssh_tunnel.host; it must resolve from where this service runs");
  }
}
