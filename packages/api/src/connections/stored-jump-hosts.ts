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

// A port left out is the default one, as validation will make it.
const portOf = (hop: Json): unknown => jumpHostSchema.shape.port.safeParse(hop.port).data;

/** The same SSH server: host and port (a host key belongs to the address). */
export function sameAddress(a: Json, b: Json): boolean {
  return typeof a.host === "string" && a.host === b.host && portOf(a) !== undefined && portOf(a) === portOf(b);
}

/** The same server and login: what a hop's stored key and passphrase were entered for. */
export function sameLogin(a: Json, b: Json): boolean {
  return sameAddress(a, b) && typeof a.user === "string" && a.user === b.user;
}
