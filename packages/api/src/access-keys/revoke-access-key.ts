import { AppError } from "@connections/core";
import { forgetAccessKey } from "../auth/known-access-key.ts";
import type { ServiceContext } from "../context.ts";
import { toListedAccessKey } from "./list-access-keys.ts";

/**
 * Revokes a key for good. This process refuses it from the next request on; other instances (and
 * a server when the CLI revokes) once their cached copy expires: at once with the default
 * CONNECTIONS_ACCESS_KEY_CACHE_MS=0, which reads the key on every request. A key revoked before
 * keeps its original time.
 */
export async function revokeAccessKey(ctx: ServiceContext, id: string) {
  await ctx.db.accessKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  forgetAccessKey(ctx, id);
  const row = await ctx.db.accessKey.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", `no access key with id ${id}: \`access-keys list\` shows them`);
  return toListedAccessKey(row);
}
