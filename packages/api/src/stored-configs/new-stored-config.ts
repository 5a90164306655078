import type { ConnectionConfig, ConnectionType, ConnectionTypeRegistry } from "@connections/core";
import type { Keyring } from "@connections/db";
import { connectionRowData } from "../connections/connection-row-data.ts";
import type { SecretOwner } from "../connections/connection-secrets.ts";
import { prepareTunnel } from "../connections/prepare-tunnel.ts";

/**
 * The `config` and `secrets` columns of a new connection or chat connector: the tunnel's private
 * key checked (or a pair generated), then the secrets sealed to the row.
 */
export async function newStoredConfig(
  registry: ConnectionTypeRegistry,
  keyring: Keyring,
  owner: SecretOwner,
  type: ConnectionType,
  config: ConnectionConfig,
): Promise<{ config: string; secrets: string }> {
  const prepared = await prepareTunnel(config, owner.id);
  return connectionRowData(registry, keyring, owner, type, prepared);
}
