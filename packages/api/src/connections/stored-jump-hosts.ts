import { jumpHostSchema } from "@connections/core";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The jump hosts of a config not yet validated: each entry that is an object, or undefined. */
export function jumpHostsOf(config: Json): Array<Json | undefined> {
  const hops = isObject(config.ssh_tunnel) ? config.ssh_tunnel.jump_hosts : undefined;
  return Array.isArray(hops) ? hops.map((hop) => (isObject(hop) ? hop : undefined)) : [];
}

// As validation will make them: a host trimmed, a port left out the default one.
const hostOf = (hop: Json): string | undefined => jumpHostSchema.shape.host.safeParse(hop.host).data;
const portOf = (hop: Json): number | undefined => jumpHostSchema.shape.port.safeParse(hop.port).data;

/** The same SSH server: host and port (a host key belongs to the address). */
export function sameAddress(a: Json, b: Json): boolean {
  const host = hostOf(a);
  const port = portOf(a);
  return host !== undefined && host === hostOf(b) && port !== undefined && port === portOf(b);
}

/** The same server and login: what a hop's stored key and passphrase were entered for. */
export function sameLogin(a: Json, b: Json): boolean {
  return sameAddress(a, b) && typeof a.user === "string" && a.user === b.user;
}
