import type { Agent as HttpAgent } from "node:http";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
import type { ConnectionConfig, clickhouseType } from "@connections/core";
import { TunnelError } from "@connections/tunnel";
import type { DatabaseDriver, DatabaseSession, DriverContext } from "./driver.ts";
import { bindPositionalParams } from "./bind-positional-params.ts";
import { classifyLoginError, type LoginErrorTable } from "./classify-login-error.ts";
import { queryFailed, queryTimedOut, readOnlyViolation } from "./database-errors.ts";
import { pinnedHttpAgent } from "./pinned-http-agent.ts";
import { readClickHouseRows } from "./read-clickhouse-rows.ts";
import { recordLoginStages } from "./record-login-stages.ts";
import { ResultBudget } from "./result-budget.ts";
import { SILENT_CLICKHOUSE_LOG } from "./silent-clickhouse-logger.ts";
import { clickhouseLiteral } from "./sql-literals.ts";

type Config = ConnectionConfig<typeof clickhouseType.type>;

// ClickHouse authenticates each request, so these apply to queries as well as the first request.
const REQUEST_ERRORS: LoginErrorTable = {
  database: "clickhouse",
  codesOf: (error) => [error.code],
  codes: {
    // UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED, UNKNOWN_DATABASE
    192: "DB_AUTH_FAILED",
    193: "DB_AUTH_FAILED",
    194: "DB_AUTH_FAILED",
    516: "DB_AUTH_FAILED",
    81: "DB_AUTH_FAILED",
    // TIMEOUT_EXCEEDED
    159: "DB_TIMEOUT",
  },
  timeoutText: /timeout/i,
  caField: "tls_ca",
  connectFailed: "ClickHouse did not accept the request",
  timedOut: (timeoutMs) => `ClickHouse did not answer within ${timeoutMs} ms`,
};

export const clickhouseDriver: DatabaseDriver<typeof clickhouseType.type> = {
  async connect(config, context: DriverContext): Promise<DatabaseSession> {
    const started = performance.now();
    const agent = pinnedHttpAgent(context.transport, {
      secure: config.secure,
      host: config.host,
      port: config.port,
      tlsCa: config.tls_ca,
      label: "ClickHouse",
    });
    const client = createClient({
      url: `${config.secure ? "https" : "http"}://${config.host}:${config.port}`,
      username: config.user,
      password: config.password,
      database: config.database,
      http_agent: agent,
      set_basic_auth_header: true,
      request_timeout: context.connectTimeoutMs,
      log: SILENT_CLICKHOUSE_LOG,
    });
    try {
      // ClickHouse authenticates each request; a first statement is the login.
      await client.query({ query: "SELECT 1", format: "JSONCompact" }).then((r) => r.json());
    } catch (error) {
      await client.close();
      agent.destroy();
      const typed = classify(error as Error, config, context.connectTimeoutMs, "connect");
      context.recorder?.failed(typed, started);
      throw typed;
    }
    recordLoginStages(context.recorder, config.secure, started);
    return session(client, agent, config, Boolean(context.readOnly));
  },
};

function classify(error: Error, config: Config, timeoutMs: number, phase: "connect" | "query"): TunnelError {
  const typed = classifyLoginError(error, REQUEST_ERRORS, { host: config.host, port: config.port, user: config.user, timeoutMs });
  if (phase === "connect") return typed;
  if (typed.code === "DB_TIMEOUT") return queryTimedOut(timeoutMs);
  if (typed.code === "DB_CONNECT_FAILED") return queryFailed(error.message, error);
  return typed;
}

// READONLY: a write, or a change of settings, under readonly=1.
const READ_ONLY_CODE = "164";

/** The server's error code; the client leaves it unparsed in older servers' "Code: N, e.displayText() = …" text. */
function errorCode(error: Error & { code?: string }): string | undefined {
  return error.code ?? /^Code: (\d+)[,.]/.exec(error.message)?.[1];
}

function session(client: ClickHouseClient, agent: HttpAgent, config: Config, readOnly: boolean): DatabaseSession {
  let open = true;
  return {
    async query(sql, params, { maxRows, maxBytes, timeoutMs, sink }) {
      const bound = bindPositionalParams(sql, params, clickhouseLiteral);
      try {
        const budget = new ResultBudget(maxRows, maxBytes, sink);
        const { stream } = await client.exec({
          query: `${bound.trim().replace(/;+$/, "")}\nFORMAT JSONCompact`,
          clickhouse_settings: {
            max_execution_time: Math.ceil(timeoutMs / 1000),
            max_result_rows: String(maxRows + 1),
            result_overflow_mode: "break",
            // Reads only, and no setting may be changed afterwards (a SETTINGS clause or SET included).
            ...(readOnly ? { readonly: "1" as const } : {}),
          },
        });
        await readClickHouseRows(stream, budget);
        return budget.result();
      } catch (error) {
        if (TunnelError.is(error)) throw error;
        const failure = error as Error & { code?: string };
        if (readOnly && errorCode(failure) === READ_ONLY_CODE) throw readOnlyViolation(failure.message, "database", error);
        throw classify(failure, config, timeoutMs, "query");
      }
    },
    // Each request stands alone (no session_id), so nothing carries over; the agent keeps its sockets.
    reset: async () => {},
    isOpen: () => open,
    async close() {
      open = false;
      await client.close();
      agent.destroy();
    },
  };
}
