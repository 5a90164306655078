import type { ConnectionConfig, ConnectionType, ConnectionTypeRegistry } from "@connections/core";
import type { Keyring } from "@connections/db";
import { sealSecrets, splitSecrets, type SecretOwner } from "./connection-secrets.ts";
import type { StoredConfig, TunnelKeyInfo } from "./stored-connection.ts";

/** The `config` and `secrets` columns for a validated config. */
export function connectionRowData(
  registry: ConnectionTypeRegistry,
  keyring: Keyring,
  owner: SecretOwner,
  type: ConnectionType,
  config: ConnectionConfig,
  tunnelKey: TunnelKeyInfo | undefined,
): { config: string; secrets: string } {
  const split = splitSecrets(registry, type, config as Record<string, unknown>);
  const stored: StoredConfig = { config: split.config, ...(tunnelKey ? { tunnel_key: tunnelKey } : {}) };
  return { config: JSON.stringify(stored), secrets: sealSecrets(keyring, owner, split.secrets) };
}
