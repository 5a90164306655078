import type { ConnectionType, ConnectionTypeRegistry } from "@connections/core";
import type { Keyring } from "@connections/db";
import { sealSecrets, splitSecrets, type SecretOwner } from "./connection-secrets.ts";
import type { PreparedTunnel } from "./prepare-tunnel.ts";
import type { StoredConfig } from "./stored-connection.ts";

/** The `config` and `secrets` columns for a validated config and its tunnel's public key info. */
export function connectionRowData(
  registry: ConnectionTypeRegistry,
  keyring: Keyring,
  owner: SecretOwner,
  type: ConnectionType,
  { config, tunnelKey, jumpKeys }: PreparedTunnel,
): { config: string; secrets: string } {
  const split = splitSecrets(registry, type, config as Record<string, unknown>);
  const stored: StoredConfig = {
    config: split.config,
    ...(tunnelKey ? { tunnel_key: tunnelKey } : {}),
    ...(jumpKeys ? { jump_keys: jumpKeys } : {}),
  };
  return { config: JSON.stringify(stored), secrets: sealSecrets(keyring, owner, split.secrets) };
}
