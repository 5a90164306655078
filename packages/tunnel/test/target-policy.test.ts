import { describe, expect, it } from "vitest";
import { TargetPolicy, tunnelEnv } from "../src/index.ts";

describe("TargetPolicy", () => {
  const defaults = new TargetPolicy();

  it("denies cloud metadata and link-local addresses by default, in every spelling", () => {
    for (const address of [
      "169.254.169.254",
      "169.254.0.1",
      "fd00:ec2::254",
      "100.100.100.200",
      "fe80::1",
      "::ffff:169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
    ]) {
      expect(defaults.verdict(address), address).toMatch(/denied by default/);
    }
  });

  it("allows ordinary private, public and loopback addresses by default", () => {
    for (const address of ["10.0.12.34", "192.168.1.5", "172.16.0.9", "127.0.0.1", "::1", "198.18.7.6", "203.0.113.9", "2001:db8::5"]) {
      expect(defaults.verdict(address), address).toBeNull();
    }
  });

  it("denies what the operator denies, even inside an allowed range", () => {
    const policy = new TargetPolicy({ allow: ["10.0.0.0/8"], deny: ["10.9.0.0/16"] });
    expect(policy.verdict("10.9.1.1")).toMatch(/CONNECTIONS_DENY_TARGETS/);
    expect(policy.verdict("10.1.1.1")).toBeNull();
  });

  it("with an allow list, reaches only its addresses", () => {
    const policy = new TargetPolicy({ allow: ["10.0.12.34", "fd12::/16"] });
    expect(policy.verdict("10.0.12.34")).toBeNull();
    expect(policy.verdict("fd12::7")).toBeNull();
    expect(policy.verdict("10.0.12.35")).toMatch(/not in CONNECTIONS_ALLOW_TARGETS/);
  });

  it("lets an explicit allow entry open a default-denied address", () => {
    expect(new TargetPolicy({ allow: ["169.254.10.0/24"] }).verdict("169.254.10.20")).toBeNull();
  });

  it("reads comma-separated lists from the environment and rejects malformed entries by name", () => {
    const policy = tunnelEnv({ CONNECTIONS_DENY_TARGETS: " 192.0.2.0/24 , 2001:db8::/32" }).targetPolicy;
    expect(policy.verdict("192.0.2.7")).toMatch(/CONNECTIONS_DENY_TARGETS/);
    expect(policy.verdict("2001:db8::1")).toMatch(/CONNECTIONS_DENY_TARGETS/);
    expect(() => tunnelEnv({ CONNECTIONS_ALLOW_TARGETS: "10.0.0.0/33" })).toThrow(
      /CONNECTIONS_ALLOW_TARGETS: "10.0.0.0\/33" is not an IP address or CIDR range/,
    );
    expect(() => tunnelEnv({ CONNECTIONS_DENY_TARGETS: "db.internal" })).toThrow(/CONNECTIONS_DENY_TARGETS/);
  });

  it("names every malformed entry of both lists in one error", () => {
    expect(() => tunnelEnv({ CONNECTIONS_ALLOW_TARGETS: "10.0.0.0/8, nowhere", CONNECTIONS_DENY_TARGETS: "db.internal" })).toThrow(
      /2 settings are invalid:\n- CONNECTIONS_ALLOW_TARGETS: "nowhere" is not an IP address[^\n]*\n- CONNECTIONS_DENY_TARGETS: "db.internal" is not/,
    );
  });
});
