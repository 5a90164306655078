import { AppError, queryInputSchema, type QueryResult } from "@connections/core";
import { driverFor } from "@connections/drivers";
import { DEFAULT_TIMEOUTS, directTransport, TunnelError, tunnelTransport } from "@connections/tunnel";
import type { Principal, ServiceContext } from "../context.ts";
import { sshEndpointOf } from "../diagnostics/ssh-endpoint.ts";
import { findConnection } from "./find-connection.ts";
import { loadConnectionConfig } from "./load-connection-config.ts";
import { pinHostKey } from "./pin-host-key.ts";
import { rowType } from "./stored-connection.ts";

/**
 * The SQL Executor: a new database session over the connection's shared tunnel (opened or reused),
 * one statement, at most max_rows rows, closed afterwards.
 */
export async function queryConnection(ctx: ServiceContext, principal: Principal, id: unknown, input: unknown): Promise<QueryResult> {
  const row = await findConnection(ctx, principal, id);
  const parsed = queryInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { sql, params, max_rows, timeout_ms } = parsed.data;
  const config = loadConnectionConfig(ctx, row);
  const started = performance.now();
  try {
    const endpoint = await sshEndpointOf(config);
    const tunnel = endpoint ? await ctx.tunnels.acquire(endpoint, DEFAULT_TIMEOUTS) : undefined;
    if (tunnel) await pinHostKey(ctx, row, tunnel.hostKeyFingerprint);
    const transport = tunnel ? tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward) : directTransport;
    const session = await driverFor(rowType(row)).connect(config as never, { transport, connectTimeoutMs: DEFAULT_TIMEOUTS.db, statementTimeoutMs: timeout_ms });
    try {
      const result = await session.query(sql, params, { maxRows: max_rows, timeoutMs: timeout_ms });
      return { ...result, duration_ms: Math.round((performance.now() - started) * 100) / 100 };
    } finally {
      await session.close();
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
