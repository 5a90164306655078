import { bastionTunnelOf, sshServersOf, type ConnectionConfig } from "@connections/core";
import { KeyError, parsePrivateKey, type SshRoute, type UsableKey } from "@connections/tunnel";
import { keyFieldError } from "../connections/key-field-error.ts";

/**
 * The SSH servers to go through, jump hosts first and the bastion last, or undefined for a direct
 * connection or a reverse tunnel. A jump host without its own key logs in with the tunnel's.
 */
export async function sshRouteOf(config: ConnectionConfig): Promise<SshRoute | undefined> {
  const tunnel = bastionTunnelOf(config);
  if (!tunnel?.private_key) return undefined;
  const jumpHosts = tunnel.jump_hosts ?? [];
  const servers = sshServersOf(jumpHosts, tunnel);
  const tunnelKey = await storedKey(tunnel.private_key, tunnel.private_key_passphrase, "ssh_tunnel");
  const jumps = await Promise.all(
    jumpHosts.map(async (hop, i) => ({
      host: hop.host,
      port: hop.port,
      user: hop.user,
      key: hop.private_key ? await storedKey(hop.private_key, hop.private_key_passphrase, `ssh_tunnel.jump_hosts.${i}`) : tunnelKey,
      pinnedHostKey: hop.host_key_fingerprint,
      server: servers[i],
    })),
  );
  const bastion = {
    host: tunnel.host,
    port: tunnel.port,
    user: tunnel.user,
    key: tunnelKey,
    pinnedHostKey: tunnel.host_key_fingerprint,
    server: servers.at(-1),
  };
  const route: SshRoute = [...jumps, bastion];
  return route;
}

// A key saved before a rule existed (a DSA key, say) is refused with the same field error as on save.
async function storedKey(text: string, passphrase: string | undefined, block: string): Promise<UsableKey> {
  try {
    return await parsePrivateKey(text, passphrase);
  } catch (error) {
    if (error instanceof KeyError) throw keyFieldError(error, block);
    throw error;
  }
}
