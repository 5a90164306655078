import type { Agent } from "node:http";
import { BasicAuth, Trino } from "trino-client";
import type { ConnectionConfig, trinoType } from "@connections/core";
import { TunnelError } from "@connections/tunnel";
import type { DatabaseDriver, DatabaseSession, DriverContext } from "./driver.ts";
import { classifyLoginError, type LoginErrorTable } from "./classify-login-error.ts";
import { queryFailed, queryTimedOut } from "./database-errors.ts";
import { refuseUnlessReading } from "./read-only-statement.ts";
import { connectionOrigin, describeOrigin, type HttpOrigin } from "./http-origin.ts";
import { pinTrinoClient, unwrapTrinoFailure } from "./pin-trino-client.ts";
import { pinnedHttpAgent } from "./pinned-http-agent.ts";
import { recordLoginStages } from "./record-login-stages.ts";
import { offerAll, ResultBudget } from "./result-budget.ts";
import { trinoLiteral } from "./sql-literals.ts";

type Config = ConnectionConfig<typeof trinoType.type>;

interface Page {
  id: string;
  columns?: Array<{ name: string; type: string }>;
  data?: unknown[][];
  error?: { message: string; errorName?: string };
}

/**
 * trino-client is pinned to the connection's own origin (pin-trino-client.ts): its sockets come
 * from the transport, TLS names the real host and trusts `tls_ca` instead of the system CAs when
 * given, and a nextUri or redirect elsewhere is refused.
 */
export const trinoDriver: DatabaseDriver<typeof trinoType.type> = {
  async connect(config, context: DriverContext): Promise<DatabaseSession> {
    const started = performance.now();
    const https = config.http_scheme === "https";
    const own = connectionOrigin(https, config.host, config.port);
    const agent = pinnedHttpAgent(context.transport, {
      secure: https,
      host: config.host,
      port: config.port,
      tlsCa: config.tls_ca,
      label: "Trino",
    });
    const session = trinoSession(() => pinnedTrino(config, agent, own), agent, config, own, Boolean(context.readOnly));
    try {
      // Trino authenticates every request: a first statement is the login.
      await session.query("SELECT 1", [], { maxRows: 1, timeoutMs: context.connectTimeoutMs });
    } catch (error) {
      await session.close();
      const typed = TunnelError.is(error) && error.stage !== "query" ? error : loginFailed(error, config, own);
      context.recorder?.failed(typed, started);
      throw typed;
    }
    recordLoginStages(context.recorder, https, started);
    return session;
  },
};

/** trino-client keeps USE, SET SESSION and PREPARE results in its own headers: a new one starts clean. */
function pinnedTrino(config: Config, agent: Agent, own: HttpOrigin): Trino {
  const trino = Trino.create({
    server: describeOrigin(own),
    source: "connections",
    ...(config.catalog ? { catalog: config.catalog } : {}),
    ...(config.schema ? { schema: config.schema } : {}),
    auth: new BasicAuth(config.user, config.password),
  });
  pinTrinoClient(trino, agent, own);
  return trino;
}

const httpStatus = (error: unknown) => (error as { response?: { status?: number } }).response?.status;

// Trino answers a refused login with an HTTP status and no body worth quoting.
const LOGIN_ERRORS: LoginErrorTable = {
  database: "trino",
  codesOf: (error) => [httpStatus(error)],
  codes: { 401: "DB_AUTH_FAILED", 403: "DB_AUTH_FAILED" },
  caField: "tls_ca",
  connectFailed: "Trino did not accept the request",
  refusal: (error) => `HTTP ${httpStatus(error)}`,
};

function loginFailed(error: unknown, config: Config, own: HttpOrigin): TunnelError {
  // No Trino code or text means a timeout, so timeoutMs is never shown.
  return (
    unwrapTrinoFailure(error, own) ??
    classifyLoginError(error, LOGIN_ERRORS, { host: config.host, port: config.port, user: config.user, timeoutMs: 0 })
  );
}

function trinoSession(newClient: () => Trino, agent: Agent, config: Config, own: HttpOrigin, readOnly: boolean): DatabaseSession {
  let trino = newClient();
  let open = true;
  return {
    async query(sql, params, { maxRows, maxBytes, timeoutMs, sink }) {
      // Trino has no read-only session: a statement that is not a read is never sent.
      if (readOnly) refuseUnlessReading(sql);
      // Trino binds parameters itself through EXECUTE IMMEDIATE … USING.
      const text = params.length ? `EXECUTE IMMEDIATE ${trinoLiteral(sql)} USING ${params.map(trinoLiteral).join(", ")}` : sql;
      const deadline = Date.now() + timeoutMs;
      const budget = new ResultBudget(maxRows, maxBytes, sink);
      let queryId: string | undefined;
      try {
        const pages = await trino.query(text);
        for await (const page of pages as AsyncIterable<Page>) {
          queryId = page.id;
          if (page.error) throw queryFailed(page.error.message);
          if (page.columns) budget.setColumns(page.columns.map((c) => ({ name: c.name, type: c.type })));
          if (!offerAll(budget, page.data ?? []) || Date.now() > deadline) break;
          // The next page is asked for only once a streamed result's reader has caught up.
          if (budget.waiting) await budget.drained();
        }
      } catch (error) {
        if (TunnelError.is(error)) throw error;
        throw loginFailed(error, config, own);
      }
      const stoppedEarly = budget.stopped || Date.now() > deadline;
      if (stoppedEarly && queryId) await trino.cancel(queryId).catch(() => {});
      if (Date.now() > deadline && !budget.stopped) throw queryTimedOut(timeoutMs);
      return budget.result();
    },
    // The server keeps no session; the client's state is dropped with the client, the agent's sockets stay.
    reset: async () => {
      trino = newClient();
    },
    isOpen: () => open,
    close: async () => {
      open = false;
      agent.destroy();
    },
  };
}
