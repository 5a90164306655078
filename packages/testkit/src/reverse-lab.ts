import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { addLink, claimSubnet, ip, labTeardown, networkLabAvailable, veth, type LabNode } from "./network-lab.ts";

// A customer's network that only dials out (SPEC §11), built from one network namespace:
//
//   default ns  <prefix>-hp 198.18.X.1/30 ── 198.18.X.2/30 <prefix>-ph   <prefix>-private ns
//
// The private namespace's nftables input chain accepts loopback traffic and packets of connections
// that already exist, and drops everything else: a connection it opens to the default namespace
// gets its replies, a SYN from the default namespace is dropped (the dialer sees a timeout, as
// behind a real stateful firewall). The service listens in the default namespace, the databases
// and the agents run in the private one.
//
// Safety as in network-lab.ts: 198.18.0.0/15 only, an `unreachable 198.18.X.0/24` guard route in
// both namespaces, no default route, no forwarding.

let nftAvailable: boolean | undefined;

/** True when network labs work here and nftables' `nft` is installed (probed once). */
export function reverseLabAvailable(): boolean {
  nftAvailable ??= spawnSync("nft", ["--version"], { stdio: "ignore", timeout: 5_000 }).status === 0;
  return nftAvailable && networkLabAvailable();
}

export interface ReverseLab {
  /** The namespace holding the databases and the agents. */
  privateNs: string;
  /** The private namespace's address: where its databases listen, unreachable from outside. */
  privateAddress: string;
  /** The default namespace's address on the link: how the private namespace reaches the service. */
  serviceAddress: string;
  /** The /24 reserved for this lab. */
  subnet: string;
  /** Stops processes runInNamespace started in the lab, deletes it and its route. Safe to call twice. */
  destroy(): Promise<void>;
}

// Established and related traffic in, loopback in, nothing else: the private side may open
// connections, nobody may open one to it.
const OUTBOUND_ONLY = `table inet reverse_lab {
  chain input {
    type filter hook input priority filter; policy drop;
    iif "lo" accept
    ct state established,related accept
  }
}
`;

/** Creates the default ⇄ private link described at the top of this file. */
export async function createReverseLab(): Promise<ReverseLab> {
  const prefix = `cr${randomBytes(3).toString("hex")}`; // 8 chars, so "<prefix>-xx" fits IFNAMSIZ (15)
  const host: LabNode = { ns: undefined, tag: "h" };
  const privateNode: LabNode = { ns: `${prefix}-private`, tag: "p" };
  const privateNs = privateNode.ns!;
  const x = await claimSubnet();
  const subnet = `198.18.${x}.0/24`;
  const destroy = labTeardown(prefix, [privateNs], veth(prefix, host, privateNode), subnet);
  try {
    await ip("netns", "add", privateNs);
    await ip("-n", privateNs, "link", "set", "lo", "up");
    await ip("-n", privateNs, "route", "add", "unreachable", subnet);
    await ip("netns", "exec", privateNs, "sysctl", "-qw", "net.ipv4.ip_forward=0");
    // The firewall is in place before the link exists: no moment where the namespace is open.
    await nft(privateNs, OUTBOUND_ONLY);
    await addLink(prefix, host, privateNode, `198.18.${x}.1`, `198.18.${x}.2`);
  } catch (error) {
    await destroy();
    throw error;
  }
  return { privateNs, privateAddress: `198.18.${x}.2`, serviceAddress: `198.18.${x}.1`, subnet, destroy };
}

function nft(ns: string, rules: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile("ip", ["netns", "exec", ns, "nft", "-f", "-"], { timeout: 10_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`nft -f - in ${ns} failed: ${stderr.trim() || error.message}`, { cause: error })) : resolve(),
    );
    child.stdin!.end(rules);
  });
}
