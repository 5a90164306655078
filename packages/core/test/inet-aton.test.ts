import { describe, expect, it } from "vitest";
import { inetAtonAddress } from "../src/index.ts";
import { nonCanonicalIpv4 } from "../src/config/inet-aton.ts";

describe("inetAtonAddress reads every form glibc's inet_aton reads", () => {
  it.each([
    ["2852039166", "169.254.169.254"],
    ["0xa9fea9fe", "169.254.169.254"],
    ["0XA9FEA9FE", "169.254.169.254"],
    ["0251.0376.0251.0376", "169.254.169.254"],
    ["169.254.43518", "169.254.169.254"],
    ["169.16689662", "169.254.169.254"],
    ["0xa9.0xfe.0xa9.0xfe", "169.254.169.254"],
    ["127.1", "127.0.0.1"],
    ["0", "0.0.0.0"],
    ["0x", "0.0.0.0"],
    ["4294967295", "255.255.255.255"],
    ["10.0.0.5", "10.0.0.5"],
  ])("%s → %s", (host, address) => {
    expect(inetAtonAddress(host)).toBe(address);
  });

  it.each([
    "db.internal",
    "4294967296",
    "256.1.1.1",
    "1.256.1.1",
    "1.2.65536",
    "08.1.1.1",
    "1.2.3.4.5",
    "a9fea9fe",
    "1e3",
    "",
    "1..2",
    "::1",
  ])("%s is not a numeric IPv4 form", (host) => {
    expect(inetAtonAddress(host)).toBeNull();
  });

  it("calls only the plain dotted quad canonical", () => {
    expect(nonCanonicalIpv4("169.254.169.254")).toBeNull();
    expect(nonCanonicalIpv4("169.254.169.0254")).toBe("169.254.169.172");
    expect(nonCanonicalIpv4("db.internal")).toBeNull();
  });
});
