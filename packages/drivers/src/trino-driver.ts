import { BasicAuth, Trino } from "trino-client";
import type { ConnectionConfig } from "@connections/core";
import { TunnelError, type LoopbackListener } from "@connections/tunnel";
import type { DatabaseDriver, DatabaseSession, DriverContext } from "./driver.ts";
import { authFailed, isTlsError, queryFailed, queryTimedOut, tlsFailed, transportFailed } from "./database-errors.ts";
import { recordLoginStages } from "./record-login-stages.ts";
import { offerAll, ResultBudget } from "./result-budget.ts";
import { trinoLiteral } from "./sql-literals.ts";

type Config = ConnectionConfig<"dynamiq.connections.Trino">;

interface Page {
  id: string;
  columns?: Array<{ name: string; type: string }>;
  data?: unknown[][];
  error?: { message: string; errorName?: string };
}

/**
 * trino-client takes neither a socket nor an agent, so a tunneled connection gets a 127.0.0.1
 * listener for as long as the session lives. TLS still names the real host (SNI and checks) and
 * trusts `tls_ca` instead of the system CAs when given.
 */
export const trinoDriver: DatabaseDriver<"dynamiq.connections.Trino"> = {
  async connect(config, context: DriverContext): Promise<DatabaseSession> {
    const started = performance.now();
    const listener = await context.transport.loopback(config.host, config.port);
    const https = config.http_scheme === "https";
    const trino = Trino.create({
      server: `${config.http_scheme}://${listener.host}:${listener.port}`,
      source: "connections",
      ...(config.catalog ? { catalog: config.catalog } : {}),
      ...(config.schema ? { schema: config.schema } : {}),
      auth: new BasicAuth(config.user, config.password),
      ...(https ? { ssl: { servername: config.host, rejectUnauthorized: true, ...(config.tls_ca ? { ca: config.tls_ca } : {}) } as never } : {}),
    });
    const session = trinoSession(trino, listener, config);
    try {
      // Trino authenticates every request: a first statement is the login.
      await session.query("SELECT 1", [], { maxRows: 1, timeoutMs: context.connectTimeoutMs });
    } catch (error) {
      await session.close();
      const typed = TunnelError.is(error) && error.stage !== "query" ? error : loginFailed(error, config);
      context.recorder?.failed(typed, started);
      throw typed;
    }
    recordLoginStages(context.recorder, https, started);
    return session;
  },
};

function loginFailed(error: unknown, config: Config): TunnelError {
  const reach = transportFailed(error, config.host, config.port);
  if (reach) return reach;
  if (isTlsError(error)) return tlsFailed(error as Error, config.host, "tls_ca");
  const status = (error as { response?: { status?: number } }).response?.status;
  if (status === 401 || status === 403) return authFailed(`HTTP ${status}`, config.user);
  return new TunnelError("db_auth", "DB_CONNECT_FAILED", `Trino did not accept the request: ${(error as Error).message}`, "Check host, port and http_scheme (Trino's HTTP port, 8080 or 443 with https)");
}

function trinoSession(trino: Trino, listener: LoopbackListener, config: Config): DatabaseSession {
  return {
    async query(sql, params, { maxRows, maxBytes, timeoutMs }) {
      // Trino binds parameters itself through EXECUTE IMMEDIATE … USING.
      const text = params.length ? `EXECUTE IMMEDIATE ${trinoLiteral(sql)} USING ${params.map(trinoLiteral).join(", ")}` : sql;
      const deadline = Date.now() + timeoutMs;
      const budget = new ResultBudget(maxRows, maxBytes);
      let queryId: string | undefined;
      try {
        const pages = await trino.query(text);
        for await (const page of pages as AsyncIterable<Page>) {
          queryId = page.id;
          if (page.error) throw queryFailed(page.error.message);
          if (page.columns) budget.setColumns(page.columns.map((c) => ({ name: c.name, type: c.type })));
          if (!offerAll(budget, page.data ?? []) || Date.now() > deadline) break;
        }
      } catch (error) {
        if (TunnelError.is(error)) throw error;
        throw loginFailed(error, config);
      }
      const stoppedEarly = budget.stopped || Date.now() > deadline;
      if (stoppedEarly && queryId) await trino.cancel(queryId).catch(() => {});
      if (Date.now() > deadline && !budget.stopped) throw queryTimedOut(timeoutMs);
      return budget.result();
    },
    close: () => listener.close(),
  };
}
