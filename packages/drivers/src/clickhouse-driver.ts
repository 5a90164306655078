import type { Agent as HttpAgent } from "node:http";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
import type { ConnectionConfig, clickhouseType } from "@connections/core";
import { TunnelError } from "@connections/tunnel";
import type { DatabaseDriver, DatabaseSession, DriverContext } from "./driver.ts";
import { bindPositionalParams } from "./bind-positional-params.ts";
import { authFailed, isTlsError, queryFailed, queryTimedOut, tlsFailed, transportFailed } from "./database-errors.ts";
import { quoteServerText } from "./quote-server-text.ts";
import { pinnedHttpAgent } from "./pinned-http-agent.ts";
import { readClickHouseRows } from "./read-clickhouse-rows.ts";
import { recordLoginStages } from "./record-login-stages.ts";
import { ResultBudget } from "./result-budget.ts";
import { SILENT_CLICKHOUSE_LOG } from "./silent-clickhouse-logger.ts";
import { clickhouseLiteral } from "./sql-literals.ts";

type Config = ConnectionConfig<typeof clickhouseType.type>;

// 192 UNKNOWN_USER, 193 WRONG_PASSWORD, 194 REQUIRED_PASSWORD, 516 AUTHENTICATION_FAILED, 81 UNKNOWN_DATABASE
const LOGIN_CODES = new Set(["192", "193", "194", "516", "81"]);
const TIMEOUT_CODES = new Set(["159"]);

export const clickhouseDriver: DatabaseDriver<typeof clickhouseType.type> = {
  async connect(config, context: DriverContext): Promise<DatabaseSession> {
    const started = performance.now();
    const agent = pinnedHttpAgent(context.transport, { secure: config.secure, host: config.host, port: config.port, tlsCa: config.tls_ca, label: "ClickHouse" });
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
      const typed = classify(error as Error & { code?: string }, config, context.connectTimeoutMs, "connect");
      context.recorder?.failed(typed, started);
      throw typed;
    }
    recordLoginStages(context.recorder, config.secure, started);
    return session(client, agent, config);
  },
};

function classify(error: Error & { code?: string }, config: Config, timeoutMs: number, phase: "connect" | "query"): TunnelError {
  const reach = transportFailed(error, config.host, config.port);
  if (reach) return reach;
  if (isTlsError(error)) return tlsFailed(error, config.host, "tls_ca");
  if (error.code && LOGIN_CODES.has(error.code)) return authFailed(error.message, config.user);
  if ((error.code && TIMEOUT_CODES.has(error.code)) || /timeout/i.test(error.message)) {
    return phase === "query" ? queryTimedOut(timeoutMs) : new TunnelError("db_auth", "DB_TIMEOUT", `ClickHouse did not answer within ${timeoutMs} ms`, "Check that the port is ClickHouse's HTTP port (8123, or 8443 with secure)");
  }
  if (phase === "connect") {
    return new TunnelError("db_auth", "DB_CONNECT_FAILED", `ClickHouse did not accept the request: ${quoteServerText(error.message)}`, "Check that the port is ClickHouse's HTTP interface (8123, or 8443 with secure), not the native 9000");
  }
  return queryFailed(error.message);
}

function session(client: ClickHouseClient, agent: HttpAgent, config: Config): DatabaseSession {
  return {
    async query(sql, params, { maxRows, maxBytes, timeoutMs }) {
      const bound = bindPositionalParams(sql, params, clickhouseLiteral);
      try {
        const budget = new ResultBudget(maxRows, maxBytes);
        const { stream } = await client.exec({
          query: `${bound.trim().replace(/;+$/, "")}\nFORMAT JSONCompact`,
          clickhouse_settings: { max_execution_time: Math.ceil(timeoutMs / 1000), max_result_rows: String(maxRows + 1), result_overflow_mode: "break" },
        });
        await readClickHouseRows(stream, budget);
        return budget.result();
      } catch (error) {
        if (TunnelError.is(error)) throw error;
        throw classify(error as Error & { code?: string }, config, timeoutMs, "query");
      }
    },
    async close() {
      await client.close();
      agent.destroy();
    },
  };
}
