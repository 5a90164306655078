import { AppError, type ConnectionConfig } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { openSecrets, type SecretOwner } from "./connection-secrets.ts";
import { setPath } from "./object-paths.ts";
import { readStoredConfig, rowType, type StoredRow } from "./stored-connection.ts";
import { definitionOf } from "../connection-types.ts";

/** The full config of a stored connection, secrets decrypted, for a driver to use. Never returned. */
export function loadConnectionConfig(ctx: ServiceContext, kind: SecretOwner["kind"], row: StoredRow): ConnectionConfig {
  const { config } = readStoredConfig(row);
  const full = structuredClone(config);
  for (const [path, value] of openSecrets(ctx.keyring, { kind, id: row.id }, row.secrets)) setPath(full, path, value);
  // A row saved before a field rule was tightened fails it here: say which field to edit.
  const parsed = definitionOf(ctx.connectionTypes.registry, rowType(row)).config.safeParse(full);
  if (!parsed.success) throw AppError.fromZod(parsed.error, ["config"]);
  return parsed.data as ConnectionConfig;
}
