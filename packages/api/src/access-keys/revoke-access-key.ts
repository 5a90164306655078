import { AppError } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { toListedAccessKey } from "./list-access-keys.ts";

/**
 * Revokes a key for good. Every request looks its key up in the database (nothing caches keys), so
 * each instance refuses it from the next request on. A key revoked before keeps its original time.
 */
export async function revokeAccessKey(ctx: ServiceContext, id: string) {
  await ctx.db.accessKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await ctx.db.accessKey.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `no access key with id ${id}: \`access-keys list\` shows them`);
  return toListedAccessKey(row);
}
