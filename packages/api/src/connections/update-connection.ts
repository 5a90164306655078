import { AppError, CONNECTION_TYPES, updateConnectionInputSchema, type Connection } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { connectionRowData } from "./connection-row-data.ts";
import { nameTaken } from "./create-connection.ts";
import { openSecrets } from "./connection-secrets.ts";
import { findConnection } from "./find-connection.ts";
import { mergeUpdatedConfig } from "./merge-update.ts";
import { prepareTunnel } from "./prepare-tunnel.ts";
import { readStoredConfig, rowType } from "./stored-connection.ts";
import { toPublicConnection } from "./to-public-connection.ts";

const NOT_TESTED = { lastTestAt: null, lastTestOk: null, lastTestStage: null, lastTestCode: null };

/** Replaces the config (PUT): see mergeUpdatedConfig for what happens to omitted secrets and pins. */
export async function updateConnection(ctx: ServiceContext, principal: Principal, id: unknown, input: unknown): Promise<Connection> {
  const row = await findConnection(ctx, principal, id);
  const parsed = updateConnectionInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const type = rowType(row);
  if (parsed.data.type !== undefined && parsed.data.type !== type) {
    throw AppError.invalid([
      { path: "type", code: "INVALID_VALUE", message: `cannot be changed from ${type}; create a new connection instead` },
    ]);
  }
  const secrets = openSecrets(ctx.keyring, { kind: "connection", id: row.id }, row.secrets);
  const merged = mergeUpdatedConfig(type, CONNECTION_TYPES[type].config, row, parsed.data.config, secrets);
  const previousKey = readStoredConfig(row).tunnel_key;
  const { config, tunnelKey } = await prepareTunnel(merged.config, row.id, merged.keptPrivateKey ? previousKey?.key_source : undefined);
  const name = parsed.data.name ?? row.name;
  try {
    const updated = await ctx.db.connection.update({
      where: { id: row.id },
      // The last test described the previous config.
      data: { name, ...connectionRowData(ctx.keyring, { kind: "connection", id: row.id }, type, config, tunnelKey), ...NOT_TESTED },
    });
    return toPublicConnection(updated);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}
