import type { ConnectionConfig } from "@connections/core";
import { KeyError, parsePrivateKey, type UsableKey, type SshEndpoint } from "@connections/tunnel";
import { keyFieldError } from "../connections/key-field-error.ts";

/** The bastion to connect to, or undefined for a direct connection. */
export async function sshEndpointOf(config: ConnectionConfig): Promise<SshEndpoint | undefined> {
  const tunnel = config.ssh_tunnel;
  if (!tunnel?.private_key) return undefined;
  return {
    host: tunnel.host,
    port: tunnel.port,
    user: tunnel.user,
    key: await storedKey(tunnel.private_key, tunnel.private_key_passphrase),
    pinnedHostKey: tunnel.host_key_fingerprint,
  };
}

// A key saved before a rule existed (a DSA key, say) is refused with the same field error as on save.
async function storedKey(text: string, passphrase: string | undefined): Promise<UsableKey> {
  try {
    return await parsePrivateKey(text, passphrase);
  } catch (error) {
    if (error instanceof KeyError) throw keyFieldError(error);
    throw error;
  }
}
