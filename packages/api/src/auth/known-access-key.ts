import type { ServiceContext } from "../context.ts";

/** What authentication needs of an access key that is not revoked. */
export interface KnownAccessKey {
  secretHash: string;
  projectId: string;
  /** Epoch ms; updated in place when a use is recorded. */
  lastUsedAt: number | null;
}

/**
 * The key with this id, unless it is unknown or revoked: from this process's cache when it holds
 * it (CONNECTIONS_ACCESS_KEY_CACHE_MS), else from its row.
 */
export async function knownAccessKey(ctx: ServiceContext, id: string): Promise<KnownAccessKey | undefined> {
  const cache = ctx.caches.accessKeys;
  const cached = cache.get(id);
  if (cached) return cached;
  const mark = cache.mark();
  const row = await ctx.db.accessKey.findUnique({
    where: { id },
    select: { secretHash: true, projectId: true, lastUsedAt: true, revokedAt: true },
  });
  if (!row || row.revokedAt) return undefined;
  const key = { secretHash: row.secretHash, projectId: row.projectId, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
  cache.set(id, key, mark);
  return key;
}

/** After a revocation: this process refuses the key from the next request on. */
export function forgetAccessKey(ctx: ServiceContext, id: string): void {
  ctx.caches.accessKeys.forget(id);
}
