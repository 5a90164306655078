import { CONNECTION_TYPES, type ConnectionConfig } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { openSecrets } from "./connection-secrets.ts";
import { setPath } from "./object-paths.ts";
import { readStoredConfig, rowType, type ConnectionRow } from "./stored-connection.ts";

/** The full config of a stored connection, secrets decrypted, for a driver to use. Never returned. */
export function loadConnectionConfig(ctx: ServiceContext, row: ConnectionRow): ConnectionConfig {
  const { config } = readStoredConfig(row);
  const full = structuredClone(config);
  for (const [path, value] of openSecrets(ctx.keyring, row.id, row.secrets)) setPath(full, path, value);
  return CONNECTION_TYPES[rowType(row)].config.parse(full) as ConnectionConfig;
}
