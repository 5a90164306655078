import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, Socket, type LookupFunction } from "node:net";
import { TunnelError } from "../engine/tunnel-error.ts";
import { checkTarget } from "./check-target.ts";
import type { TargetPolicy } from "./target-policy.ts";

const DIRECT = { stage: "tcp", field: "host" } as const;

/**
 * Checks every address the socket's own DNS lookup returns, so a name cannot resolve to a denied
 * address between a check and the connect (DNS rebinding).
 */
function guardedLookup(policy: TargetPolicy): LookupFunction {
  return ((
    hostname: string,
    options: LookupOptions,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        for (const { address } of addresses) checkTarget(policy, hostname, address, DIRECT);
      } catch (denied) {
        return callback(denied as TunnelError, []);
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}

/** A TCP socket for direct database connections that refuses addresses the target policy denies. */
export class GuardedSocket extends Socket {
  constructor(private readonly policy: TargetPolicy) {
    super();
  }

  override connect(...args: unknown[]): this {
    const [first, second, third] = args;
    const options = (typeof first === "object" && first !== null ? { ...first } : { port: first, host: second }) as {
      port: number;
      host?: string;
      lookup?: LookupFunction;
    };
    const listener = (typeof first === "object" ? second : third) as (() => void) | undefined;
    const host = options.host ?? "localhost";
    if (isIP(host)) {
      try {
        checkTarget(this.policy, host, host, DIRECT);
      } catch (denied) {
        process.nextTick(() => this.destroy(denied as TunnelError));
        return this;
      }
    }
    return super.connect({ ...options, host, lookup: guardedLookup(this.policy) }, listener);
  }
}
