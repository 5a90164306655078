import type { z } from "zod";
import type { ConnectionTypeRegistry } from "@connections/core";
import type { Keyring } from "@connections/db";
import { connectionRowData } from "../connections/connection-row-data.ts";
import { openSecrets, type SecretOwner } from "../connections/connection-secrets.ts";
import { mergeUpdatedConfig } from "../connections/merge-update.ts";
import { prepareTunnel } from "../connections/prepare-tunnel.ts";
import { readStoredConfig, rowType, type StoredRow } from "../connections/stored-connection.ts";

/**
 * The new `config` and `secrets` columns for a PUT's config, for connections and chat connectors
 * alike: stored secrets and pin merged in and checked against `schema` (see mergeUpdatedConfig),
 * the private key checked, and everything sealed again. A kept private key keeps its key source.
 */
export async function updatedStoredConfig(
  registry: ConnectionTypeRegistry,
  keyring: Keyring,
  owner: SecretOwner,
  schema: z.ZodType,
  row: StoredRow,
  incoming: Record<string, unknown>,
): Promise<{ config: string; secrets: string }> {
  const type = rowType(row);
  const merged = mergeUpdatedConfig(registry, type, schema, row, incoming, openSecrets(keyring, owner, row.secrets));
  const keptKeySource = merged.keptPrivateKey ? readStoredConfig(row).tunnel_key?.key_source : undefined;
  const prepared = await prepareTunnel(merged.config, row.id, keptKeySource);
  return connectionRowData(registry, keyring, owner, type, prepared);
}
