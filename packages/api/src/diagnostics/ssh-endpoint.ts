import type { ConnectionConfig } from "@connections/core";
import { parsePrivateKey, type SshEndpoint } from "@connections/tunnel";

/** The bastion to connect to, or undefined for a direct connection. */
export async function sshEndpointOf(config: ConnectionConfig): Promise<SshEndpoint | undefined> {
  const tunnel = config.ssh_tunnel;
  if (!tunnel?.private_key) return undefined;
  return {
    host: tunnel.host,
    port: tunnel.port,
    user: tunnel.user,
    key: await parsePrivateKey(tunnel.private_key, tunnel.private_key_passphrase),
    pinnedHostKey: tunnel.host_key_fingerprint,
  };
}
