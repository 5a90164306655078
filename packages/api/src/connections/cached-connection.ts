import type { ConnectionConfig } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { findConnection } from "./find-connection.ts";
import { loadConnectionConfig } from "./load-connection-config.ts";
import type { ConnectionRow } from "./stored-connection.ts";

/** A connection's row and, once a query needed it, its decrypted config. */
export interface CachedConnection {
  row: ConnectionRow;
  config?: ConnectionConfig;
}

/**
 * For reads and queries: the connection from this process's cache (CONNECTIONS_CONNECTION_CACHE_MS)
 * or its row. Edits read the row itself (findConnection), as their writes depend on it.
 */
export async function readConnection(ctx: ServiceContext, principal: Principal, id: string): Promise<CachedConnection> {
  const cache = ctx.caches.connections;
  const cached = cache.get(id);
  if (cached && principal.projectIds.includes(cached.row.projectId)) return cached;
  const mark = cache.mark();
  const entry: CachedConnection = { row: await findConnection(ctx, principal, id) };
  cache.set(id, entry, mark);
  return entry;
}

/** The full config, secrets decrypted, once per cached row. A row that fails is read again next time. */
export function configOf(ctx: ServiceContext, entry: CachedConnection): ConnectionConfig {
  try {
    entry.config ??= loadConnectionConfig(ctx, "connection", entry.row);
  } catch (error) {
    forgetConnection(ctx, entry.row.id);
    throw error;
  }
  return entry.config;
}

/** After any write to the row (edit, delete, pin, test result, new ciphertexts): the next read sees it. */
export function forgetConnection(ctx: ServiceContext, id: string): void {
  ctx.caches.connections.forget(id);
}
