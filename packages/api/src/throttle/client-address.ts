import { type BlockList, isIP } from "node:net";

/** What the adapter knows of where a request came from. */
export interface RequestOrigin {
  /** The address of the TCP peer (the socket), as the server saw it. */
  peer: string | null;
  /** The X-Forwarded-For header, believed only from trusted proxies. */
  forwardedFor: string | null;
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * X-Forwarded-For entries are read from the right (each appended by the hop before) and the first
 * one that is not a trusted proxy is the client. Null when the peer is unknown.
 */
export function clientAddress(origin: RequestOrigin, trustedProxies: BlockList): string | null {
  let address = normalise(origin.peer);
  if (!address) return null;
  const hops = (origin.forwardedFor ?? "").split(",").map((s) => normalise(s.trim()));
  while (isTrusted(address, trustedProxies) && hops.length > 0) {
    const hop = hops.pop();
    // A hop that is not an address cannot be followed further: the last proxy is the client.
    if (!hop) break;
    address = hop;
  }
  return address;
}

/** The counter key of an address: IPv6 by its /64, which one host or customer usually holds whole. */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIpv6(address);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

function normalise(text: string | null | undefined): string | null {
  const address = text?.trim().replace(/^\[(.*)\]$/, "$1") ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return isIP(address) ? address.toLowerCase() : null;
}

function isTrusted(address: string, list: BlockList): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array(Math.max(0, missing)).fill("0"), ...right].map((g) => g.padStart(4, "0"));
}
