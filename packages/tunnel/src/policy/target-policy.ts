import { BlockList, isIP } from "node:net";
import { TARGET_POLICY_VARIABLES } from "@connections/core";

/**
 * Denied unless an operator allows them: addresses no database or bastion should have, and where
 * cloud instance metadata (credentials) lives — AWS, GCP, Azure and others on 169.254.169.254,
 * AWS's IPv6 fd00:ec2::254, Alibaba's 100.100.100.200.
 */
export const DEFAULT_DENIED_TARGETS = [
  "169.254.0.0/16",
  "fe80::/10",
  "fd00:ec2::254/128",
  "100.100.100.200/32",
  "0.0.0.0/8",
  "224.0.0.0/4",
  "255.255.255.255/32",
  "ff00::/8",
  "::/128",
] as const;

export const ALLOW_VARIABLE = TARGET_POLICY_VARIABLES.allow;
export const DENY_VARIABLE = TARGET_POLICY_VARIABLES.deny;

interface RuleList {
  entries: string[];
  list: BlockList;
}

/** Why an address may not be reached, or null when it may. */
export type TargetVerdict = string | null;

/**
 * Which addresses connections may reach: bastions, and databases reached directly. An explicit
 * deny always wins; with an allow list only its addresses are reachable; the defaults are denied
 * unless the allow list names them.
 */
export class TargetPolicy {
  private readonly allow: RuleList;
  private readonly deny: RuleList;
  private readonly defaults: RuleList;

  constructor(rules: { allow?: readonly string[]; deny?: readonly string[] } = {}) {
    this.allow = ruleList(rules.allow ?? [], ALLOW_VARIABLE);
    this.deny = ruleList(rules.deny ?? [], DENY_VARIABLE);
    this.defaults = ruleList(DEFAULT_DENIED_TARGETS, "the default deny list");
  }

  verdict(address: string): TargetVerdict {
    // BlockList also matches an IPv4-mapped IPv6 address (::ffff:169.254.169.254) against IPv4 rules.
    const ip = address;
    const family = isIP(ip) === 6 ? "ipv6" : "ipv4";
    if (this.deny.list.check(ip, family)) return `it is in ${DENY_VARIABLE}`;
    const allowed = this.allow.list.check(ip, family);
    if (this.allow.entries.length > 0 && !allowed) return `it is not in ${ALLOW_VARIABLE}`;
    if (!allowed && this.defaults.list.check(ip, family))
      return `link-local, metadata and broadcast addresses are denied by default (allow it with ${ALLOW_VARIABLE})`;
    return null;
  }
}

function ruleList(entries: readonly string[], source: string): RuleList {
  const list = new BlockList();
  for (const entry of entries) {
    const rule = parseRule(entry);
    if (!rule) throw new Error(targetRuleProblem(entry, source));
    list.addSubnet(rule.address, rule.bits, rule.family);
  }
  return { entries: [...entries], list };
}

function parseRule(entry: string): { address: string; bits: number; family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefix] = entry.split("/");
  const family = isIP(address);
  const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
  if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) return undefined;
  return { address, bits, family: family === 6 ? "ipv6" : "ipv4" };
}

export function targetRuleProblem(entry: string, source: string): string {
  return `${source}: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, fd00::/8)`;
}

/** Whether `entry` is an address or CIDR range a policy can hold. */
export function isTargetRule(entry: string): boolean {
  return parseRule(entry) !== undefined;
}
