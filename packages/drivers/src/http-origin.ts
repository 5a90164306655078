import { isIP } from "node:net";
import { TunnelError } from "@connections/tunnel";

/** Scheme, host and port: the only place an HTTP driver's requests may go. */
export interface HttpOrigin {
  protocol: "http:" | "https:";
  /** As URL parsing writes it (lower case, IPv4 canonical, IPv6 without brackets). */
  hostname: string;
  port: number;
}

const DEFAULT_PORTS = { "http:": 80, "https:": 443 } as const;

/** The origin of a connection's own host and port. */
export function connectionOrigin(secure: boolean, host: string, port: number): HttpOrigin {
  return { protocol: secure ? "https:" : "http:", hostname: canonicalHost(host), port };
}

/** The origin a URL (absolute, or relative to `base`) points at; undefined when it is not http(s). */
export function originOfUrl(url: string, base: string): HttpOrigin | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  return { protocol: parsed.protocol, hostname: unbracket(parsed.hostname), port: Number(parsed.port) || DEFAULT_PORTS[parsed.protocol] };
}

/** A host as URL parsing writes it, so "LOCALHOST", "0x7f.1" and "[::1]" compare as they connect. */
export function canonicalHost(host: string): string {
  const bare = unbracket(host);
  try {
    return unbracket(new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}`).hostname);
  } catch {
    return bare.toLowerCase();
  }
}

export function sameOrigin(a: HttpOrigin, b: HttpOrigin): boolean {
  return a.protocol === b.protocol && a.hostname === b.hostname && a.port === b.port;
}

/** scheme://host:port only: never a path, query string or user info. */
export function describeOrigin(origin: HttpOrigin): string {
  const host = isIP(origin.hostname) === 6 ? `[${origin.hostname}]` : origin.hostname;
  return `${origin.protocol}//${host}:${origin.port}`;
}

/** A request the database's answer asked for, to somewhere other than the connection's own origin. */
export function otherOriginRefused(what: string, target: HttpOrigin | undefined, own: HttpOrigin): TunnelError {
  const where = target ? describeOrigin(target) : "an address that is not http(s)";
  return new TunnelError(
    "QUERY_FAILED",
    `${what} pointed to ${where}; nothing was sent there: a connection only talks to its own ${describeOrigin(own)}`,
    {
      detail: { reason: "other_origin" },
    },
  );
}

function unbracket(host: string): string {
  return (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host).toLowerCase();
}
