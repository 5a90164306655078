import { BlockList, isIP } from "node:net";

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

type Env = Record<string, string | undefined>;

/** The limits from the environment, with defaults; a malformed value stops start-up with its message. */
export function throttleSettingsFromEnv(env: Env = process.env): ThrottleSettings {
  const number = (name: keyof typeof DEFAULTS) => wholeNumber(env, THROTTLE_VARIABLES[name], DEFAULTS[name]);
  return {
    signIn: { accountFailures: number("accountFailures"), addressFailures: number("addressFailures"), lockMs: number("lockSeconds") * 1000 },
    calls: { perMinute: number("callsPerMinute"), burst: number("callsBurst") },
    trustedProxies: addressList(env[THROTTLE_VARIABLES.trustedProxies], THROTTLE_VARIABLES.trustedProxies),
  };
}

function wholeNumber(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_NUMBER) {
    throw new Error(`${name} must be a whole number from 1 to ${MAX_NUMBER.toLocaleString("en")}, not "${text}"`);
  }
  return value;
}

function addressList(text: string | undefined, name: string): BlockList {
  const list = new BlockList();
  for (const entry of (text ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const bits = prefix === undefined ? max : Number(prefix);
    if (family === 0 || (prefix !== undefined && !/^\d+$/.test(prefix)) || bits > max) {
      throw new Error(`${name}: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1)`);
    }
    list.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return list;
}
