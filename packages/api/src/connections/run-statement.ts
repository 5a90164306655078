import { AppError, type ConnectionConfig, type ConnectionType, type QueryInput, type QueryResult } from "@connections/core";
import { DEFAULT_TIMEOUTS, directTransport, TunnelError, tunnelTransport } from "@connections/tunnel";
import type { ServiceContext } from "../context.ts";
import { sshEndpointOf } from "../diagnostics/ssh-endpoint.ts";
import { effectiveMaxBytes } from "../limits/result-byte-ceiling.ts";
import { driverOf } from "../connection-types.ts";

/**
 * One statement on a new database session over the config's shared tunnel (opened or reused),
 * at most max_rows rows and max_bytes bytes of JSON, closed afterwards. `pinHostKey` records the bastion's key on first use.
 */
export async function runStatement(
  ctx: ServiceContext,
  type: ConnectionType,
  config: ConnectionConfig,
  { sql, params, max_rows, max_bytes, timeout_ms }: QueryInput,
  pinHostKey: (fingerprint: string | undefined) => Promise<void>,
): Promise<QueryResult> {
  const started = performance.now();
  const maxBytes = effectiveMaxBytes(max_bytes, ctx.maxResultBytes);
  try {
    const endpoint = await sshEndpointOf(config);
    const tunnel = endpoint ? await ctx.tunnels.acquire(endpoint, DEFAULT_TIMEOUTS) : undefined;
    if (tunnel) await pinHostKey(tunnel.hostKeyFingerprint);
    const transport = tunnel ? tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward) : directTransport(ctx.targetPolicy);
    const session = await driverOf(ctx.connectionTypes.drivers, type).connect(config, {
      transport,
      connectTimeoutMs: DEFAULT_TIMEOUTS.db,
      statementTimeoutMs: timeout_ms,
    });
    try {
      const result = await session.query(sql, params, { maxRows: max_rows, maxBytes, timeoutMs: timeout_ms });
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
