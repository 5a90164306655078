import {
  AppError,
  type ConnectionConfig,
  type ConnectionType,
  type HostKeysSeen,
  type QueryInput,
  type QueryResult,
} from "@connections/core";
import type { RowSink } from "@connections/drivers";
import { TunnelError } from "@connections/tunnel";
import type { AuditSummary } from "../audit/audited.ts";
import type { ServiceContext } from "../context.ts";
import { effectiveMaxBytes } from "../limits/result-byte-ceiling.ts";
import { configVersion } from "../sessions/config-version.ts";
import { openDatabaseSession } from "../sessions/open-database-session.ts";

/** A statement's result, and the bytes of JSON it fills (for the audit log; not part of the answer). */
export interface StatementRun {
  result: QueryResult;
  bytes: number;
}

export function statementSummary({ result, bytes }: StatementRun): AuditSummary {
  return { rows: result.row_count, bytes };
}

/** Where a statement runs: the owner's pooled sessions (`sessionKey`: the connection or chat connector) and what they are opened with. */
export interface StatementTarget {
  sessionKey: string;
  type: ConnectionType;
  config: ConnectionConfig;
  /** Sessions refuse every change (SPEC §12); a read-only and a writable session are never swapped. */
  readOnly: boolean;
}

/**
 * One statement, at most max_rows rows and max_bytes bytes of JSON, on one of the target's pooled
 * database sessions, opened when none is free.
 * A session that failed in any way, a timeout included, is closed rather than returned.
 * `pinHostKey` records the host keys seen (bastion and jump hosts) on first use. With a `sink`, the
 * rows stream there and the result has none.
 */
export async function runStatement(
  ctx: ServiceContext,
  { sessionKey, type, config, readOnly }: StatementTarget,
  { sql, params, max_rows, max_bytes, timeout_ms }: QueryInput,
  pinHostKey: (seen: HostKeysSeen) => Promise<void>,
  sink?: RowSink,
): Promise<StatementRun> {
  const started = performance.now();
  const maxBytes = effectiveMaxBytes(max_bytes, ctx.maxResultBytes);
  try {
    const open = () => openDatabaseSession(ctx, type, config, { statementTimeoutMs: timeout_ms, readOnly, user: sessionKey }, pinHostKey);
    const version = `${configVersion(type, config)}${readOnly ? ":read-only" : ""}`;
    const lease = await ctx.sessions.lease(sessionKey, version, open, timeout_ms);
    try {
      const { bytes, ...result } = await lease.session.query(sql, params, { maxRows: max_rows, maxBytes, timeoutMs: timeout_ms, sink });
      lease.release();
      return { result: { ...result, duration_ms: Math.round((performance.now() - started) * 100) / 100 }, bytes };
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
  const code =
    error.stage !== "query"
      ? "DATABASE_UNREACHABLE"
      : error.code === "QUERY_TIMEOUT" || error.code === "READ_ONLY_VIOLATION"
        ? error.code
        : "QUERY_FAILED";
  return new AppError(code, error.message, {
    stage: error.stage,
    ...(error.hop ? { hop: error.hop } : {}),
    code: error.code,
    hint: error.hint,
  });
}
