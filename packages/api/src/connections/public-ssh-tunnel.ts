import type { PublicBastionTunnel, PublicJumpHost } from "@connections/core";
import { authorizedKeysLine } from "@connections/tunnel";
import type { StoredConfig, TunnelKeyInfo } from "./stored-connection.ts";

interface StoredServer {
  host: string;
  port: number;
  user: string;
  host_key_fingerprint?: string;
}

/** The stored tunnel block: secrets already split off. */
export interface StoredTunnel extends StoredServer {
  jump_hosts?: StoredServer[];
}

/**
 * The tunnel as the API shows it: each server's public key and the authorized_keys line its user
 * needs, limited to where that server must forward (a jump host to the next hop, the bastion to the
 * database). `present` says which secret paths are stored; no secret itself is read.
 */
export function publicSshTunnel(
  tunnel: StoredTunnel,
  keys: { tunnel_key: TunnelKeyInfo; jump_keys?: StoredConfig["jump_keys"] },
  database: { host: string; port: number },
  present: ReadonlySet<string>,
): PublicBastionTunnel {
  const { tunnel_key, jump_keys } = keys;
  const hops = tunnel.jump_hosts ?? [];
  return {
    mode: "bastion",
    ...server(tunnel),
    public_key: tunnel_key.public_key,
    public_key_fingerprint: tunnel_key.public_key_fingerprint,
    authorized_keys_line: authorizedKeysLine(tunnel_key.public_key, database.host, database.port),
    key_source: tunnel_key.key_source,
    has_private_key_passphrase: present.has("ssh_tunnel.private_key_passphrase"),
    key_warnings: tunnel_key.key_warnings ?? [],
    jump_hosts: hops.map((hop, index): PublicJumpHost => {
      const own = jump_keys?.[index] ?? null;
      const key = own ?? tunnel_key;
      const next = hops[index + 1] ?? tunnel;
      return {
        ...server(hop),
        public_key: key.public_key,
        public_key_fingerprint: key.public_key_fingerprint,
        authorized_keys_line: authorizedKeysLine(key.public_key, next.host, next.port),
        key_source: own ? "provided" : "tunnel",
        // The hop's own passphrase field, like every has_* flag: one that uses the tunnel's key has none.
        has_private_key_passphrase: present.has(`ssh_tunnel.jump_hosts.${index}.private_key_passphrase`),
        key_warnings: key.key_warnings ?? [],
      };
    }),
  };
}

function server({ host, port, user, host_key_fingerprint }: StoredServer) {
  return { host, port, user, host_key_fingerprint: host_key_fingerprint ?? null };
}
