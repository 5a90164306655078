import { BlockList, isIP } from "node:net";
import { commaList, wholeNumberVariable } from "@connections/core";
import type { z } from "zod";

export const THROTTLE_VARIABLES = {
  accountFailures: "CONNECTIONS_SIGN_IN_FAILURES_PER_ACCOUNT",
  addressFailures: "CONNECTIONS_SIGN_IN_FAILURES_PER_ADDRESS",
  lockSeconds: "CONNECTIONS_SIGN_IN_LOCK_SECONDS",
  callsPerMinute: "CONNECTIONS_CALLS_PER_MINUTE",
  callsBurst: "CONNECTIONS_CALLS_BURST",
  trustedProxies: "CONNECTIONS_TRUSTED_PROXIES",
} as const;

// Numbers a person or a team's scripts do not reach in normal use: ten wrong passwords for one
// account, or fifty from one address (an office behind NAT), within the lock period; a burst of
// 120 tests or queries (more than the 64 a project may run at once), then one a second.
const DEFAULTS = { accountFailures: 10, addressFailures: 50, lockSeconds: 900, callsPerMinute: 60, callsBurst: 120 } as const;
const MAX_NUMBER = 1_000_000;

export interface ThrottleSettings {
  signIn: {
    /** Failures (within the lock period) that lock an account. */
    accountFailures: number;
    /** Failures from one client address (within the lock period) that lock sign-in from it. */
    addressFailures: number;
    /** How long failures are counted, and how long a lock lasts. */
    lockMs: number;
  };
  calls: {
    /** Sustained rate of network-reaching calls per user or access key. */
    perMinute: number;
    /** How many may come at once before the rate applies. */
    burst: number;
  };
  /** Proxies whose X-Forwarded-For is believed; empty: the socket's address is the client's. */
  trustedProxies: BlockList;
}

const wholeNumber = (name: keyof typeof DEFAULTS) =>
  wholeNumberVariable({
    min: 1,
    max: MAX_NUMBER,
    fallback: DEFAULTS[name],
    problem: (text) => `${THROTTLE_VARIABLES[name]} must be a whole number from 1 to ${MAX_NUMBER.toLocaleString("en")}, not "${text}"`,
  });

const addressList = (name: string) =>
  commaList.transform((entries, ctx) => {
    const list = new BlockList();
    for (const entry of entries) {
      const [address = "", prefix] = entry.split("/");
      const family = isIP(address);
      const max = family === 6 ? 128 : 32;
      const bits = prefix === undefined ? max : Number(prefix);
      if (family === 0 || (prefix !== undefined && !/^\d+$/.test(prefix)) || bits > max) {
        ctx.addIssue({ code: "custom", message: `${name}: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1)` });
        continue;
      }
      list.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
    }
    return list;
  });

/** The throttle's variables, each with its default; composed into the api package's env schema. */
export const throttleEnvShape = {
  [THROTTLE_VARIABLES.accountFailures]: wholeNumber("accountFailures"),
  [THROTTLE_VARIABLES.addressFailures]: wholeNumber("addressFailures"),
  [THROTTLE_VARIABLES.lockSeconds]: wholeNumber("lockSeconds"),
  [THROTTLE_VARIABLES.callsPerMinute]: wholeNumber("callsPerMinute"),
  [THROTTLE_VARIABLES.callsBurst]: wholeNumber("callsBurst"),
  [THROTTLE_VARIABLES.trustedProxies]: addressList(THROTTLE_VARIABLES.trustedProxies),
};

type ThrottleEnv = z.output<z.ZodObject<typeof throttleEnvShape>>;

export function throttleSettingsOf(env: ThrottleEnv): ThrottleSettings {
  return {
    signIn: {
      accountFailures: env[THROTTLE_VARIABLES.accountFailures],
      addressFailures: env[THROTTLE_VARIABLES.addressFailures],
      lockMs: env[THROTTLE_VARIABLES.lockSeconds] * 1000,
    },
    calls: { perMinute: env[THROTTLE_VARIABLES.callsPerMinute], burst: env[THROTTLE_VARIABLES.callsBurst] },
    trustedProxies: env[THROTTLE_VARIABLES.trustedProxies],
  };
}
