import {
  AppError,
  type ConnectionConfig,
  type ConnectionType,
  type HostKeysSeen,
  type QueryInput,
  type QueryResult,
} from "@connections/core";
import { TunnelError } from "@connections/tunnel";
import type { ServiceContext } from "../context.ts";
import { effectiveMaxBytes } from "../limits/result-byte-ceiling.ts";
import { configVersion } from "../sessions/config-version.ts";
import { openDatabaseSession } from "../sessions/open-database-session.ts";

/**
 * One statement, at most max_rows rows and max_bytes bytes of JSON, on one of the owner's pooled
 * database sessions (`sessionKey`: the connection or chat connector), opened when none is free.
 * A session that failed in any way, a timeout included, is closed rather than returned.
 * `pinHostKey` records the host keys seen (bastion and jump hosts) on first use.
 */
export async function runStatement(
  ctx: ServiceContext,
  sessionKey: string,
  type: ConnectionType,
  config: ConnectionConfig,
  { sql, params, max_rows, max_bytes, timeout_ms }: QueryInput,
  pinHostKey: (seen: HostKeysSeen) => Promise<void>,
): Promise<QueryResult> {
  const started = performance.now();
  const maxBytes = effectiveMaxBytes(max_bytes, ctx.maxResultBytes);
  try {
    const open = () => openDatabaseSession(ctx, type, config, timeout_ms, pinHostKey);
    const lease = await ctx.sessions.lease(sessionKey, configVersion(type, config), open, timeout_ms);
    try {
      const result = await lease.session.query(sql, params, { maxRows: max_rows, maxBytes, timeoutMs: timeout_ms });
      lease.release();
      return { ...result, duration_ms: Math.round((performance.now() - started) * 100) / 100 };
    } catch (error) {
      lease.destroy();
      throw error;
    }
  } catch (error) {
    if (!TunnelError.is(error)) throw error;
    throw stageFailure(error);
  }
}

function stageFailure(error: TunnelError): AppError {
  const code = error.stage !== "query" ? "DATABASE_UNREACHABLE" : error.code === "QUERY_TIMEOUT" ? "QUERY_TIMEOUT" : "QUERY_FAILED";
  return new AppError(code, error.message, { stage: error.stage, code: error.code, hint: error.hint });
}
