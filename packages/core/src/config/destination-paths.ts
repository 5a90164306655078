import type { ConnectionType } from "./connection-types.ts";

type Json = Record<string, unknown>;

// The bastion the tunnel logs in to. Its private key is not among the secrets to give again:
// public-key authentication never reveals the key to the bastion.
const BASTION = ["ssh_tunnel.host", "ssh_tunnel.port", "ssh_tunnel.user"];
// Who may read what is sent: the mode (a downgrade lets the network read it), the CA (whose
// certificates are trusted) and the client certificate presented.
const SSL_BLOCK = ["ssl.mode", "ssl.ca", "ssl.cert"];

/**
 * Where a connection points, per type: the config fields that decide which server (and who on the
 * way) receives its database secrets. A block's presence counts too: adding or removing `ssl` or
 * `ssh_tunnel` changes its required `mode` or `host` from or to absent.
 */
export const DESTINATION_PATHS = {
  "dynamiq.connections.PostgreSQL": ["host", "port", ...SSL_BLOCK, ...BASTION],
  "dynamiq.connections.MySQL": ["host", "port", ...SSL_BLOCK, ...BASTION],
  "dynamiq.connections.ClickHouse": ["host", "port", "secure", "tls_ca", ...BASTION],
  "dynamiq.connections.Vertica": ["host", "port", "tls_mode", ...BASTION],
  "dynamiq.connections.Trino": ["host", "port", "http_scheme", "tls_ca", ...BASTION],
} as const satisfies Record<ConnectionType, readonly string[]>;

function valueAt(root: Json, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (typeof node === "object" && node !== null && Object.hasOwn(node, key) ? (node as Json)[key] : undefined), root);
}

/**
 * The destination fields whose values differ between two validated configs of one type (defaults
 * applied, so a port left out and its default are the same destination).
 */
export function changedDestinationPaths(type: ConnectionType, before: Json, after: Json): string[] {
  return DESTINATION_PATHS[type].filter((path) => valueAt(before, path) !== valueAt(after, path));
}
