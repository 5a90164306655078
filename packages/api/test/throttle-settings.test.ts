import { describe, expect, it } from "vitest";
import { apiEnv } from "../src/index.ts";

// The throttle limits as the server reads them: from its environment, with the other API settings.
const throttleSettingsFromEnv = (env: Record<string, string>) => apiEnv(env).throttle;
import { addressKey, clientAddress } from "../src/throttle/client-address.ts";
import { blockAfter } from "../src/throttle/sign-in-throttle.ts";

describe("throttle settings", () => {
  it("has defaults a team does not reach, and takes each limit from the environment", () => {
    const defaults = throttleSettingsFromEnv({});
    expect({ signIn: defaults.signIn, calls: defaults.calls }).toEqual({
      signIn: { accountFailures: 10, addressFailures: 50, lockMs: 900_000 },
      calls: { perMinute: 60, burst: 120 },
    });
    const set = throttleSettingsFromEnv({
      CONNECTIONS_SIGN_IN_FAILURES_PER_ACCOUNT: "5",
      CONNECTIONS_SIGN_IN_LOCK_SECONDS: " 60 ",
      CONNECTIONS_CALLS_BURST: "10",
    });
    expect(set.signIn).toMatchObject({ accountFailures: 5, lockMs: 60_000 });
    expect(set.calls.burst).toBe(10);
  });

  it("stops start-up on a malformed value, naming the variable", () => {
    for (const value of ["0", "-3", "1.5", "lots", "1e3", "2000000"]) {
      expect(() => throttleSettingsFromEnv({ CONNECTIONS_CALLS_PER_MINUTE: value })).toThrow(
        `CONNECTIONS_CALLS_PER_MINUTE must be a whole number from 1 to 1,000,000, not "${value}"`,
      );
    }
    for (const value of ["10.0.0.0/33", "proxy.example", "10.0.0.0/", "::1/129"]) {
      expect(() => throttleSettingsFromEnv({ CONNECTIONS_TRUSTED_PROXIES: `127.0.0.1, ${value}` })).toThrow(
        `CONNECTIONS_TRUSTED_PROXIES: "${value}" is not an IP address or CIDR range`,
      );
    }
  });
});

describe("clientAddress", () => {
  const trusting = (list: string) => throttleSettingsFromEnv({ CONNECTIONS_TRUSTED_PROXIES: list }).trustedProxies;

  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress({ peer: "203.0.113.7", forwardedFor: "198.51.100.1" }, trusting(""))).toBe("203.0.113.7");
    expect(clientAddress({ peer: "::ffff:127.0.0.2", forwardedFor: null }, trusting(""))).toBe("127.0.0.2");
    expect(clientAddress({ peer: null, forwardedFor: "198.51.100.1" }, trusting(""))).toBeNull();
  });

  it("behind trusted proxies, is the right-most X-Forwarded-For entry that is not one of them", () => {
    const proxies = trusting("10.0.0.0/8, 127.0.0.1");
    // A client's own forged entry sits left of the one the proxy appended.
    expect(clientAddress({ peer: "10.1.2.3", forwardedFor: "1.1.1.1, 198.51.100.9" }, proxies)).toBe("198.51.100.9");
    expect(clientAddress({ peer: "127.0.0.1", forwardedFor: "198.51.100.9, 10.0.0.5" }, proxies)).toBe("198.51.100.9");
    // A peer that is not trusted is the client, and a hop that is not an address ends the walk.
    expect(clientAddress({ peer: "203.0.113.7", forwardedFor: "198.51.100.9" }, proxies)).toBe("203.0.113.7");
    expect(clientAddress({ peer: "10.1.2.3", forwardedFor: "198.51.100.9, garbage" }, proxies)).toBe("10.1.2.3");
  });

  it("keys IPv6 clients by their /64", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:0db8:0001:0002::/64");
    expect(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:0db8:0001:0002::/64");
    expect(addressKey("198.51.100.9")).toBe("198.51.100.9");
  });
});

describe("sign-in back-off", () => {
  it("is free for the first third of the limit, then doubles from 1 s, and locks at the limit", () => {
    const lock = 900_000;
    expect(Array.from({ length: 11 }, (_, i) => blockAfter(i + 1, 10, lock))).toEqual([
      0,
      0,
      0,
      0,
      1000,
      2000,
      4000,
      8000,
      16_000,
      lock,
      lock,
    ]);
    expect(blockAfter(49, 50, lock)).toBe(lock);
  });
});
