import type { Duplex } from "node:stream";
import type { ConnectionOptions } from "node:tls";
import pg from "pg";
import type { ConnectionConfig, postgresqlType } from "@connections/core";
import { TunnelError } from "@connections/tunnel";
import { classifyLoginError, type LoginErrorTable } from "./classify-login-error.ts";
import type { DatabaseDriver, DatabaseSession, DriverContext } from "./driver.ts";
import { BoundedQuery } from "./bounded-pg-query.ts";
import { readRowsWithinBudget } from "./read-rows-within-budget.ts";
import { ResultBudget } from "./result-budget.ts";
import { queryFailed, queryTimedOut, readOnlyViolation } from "./database-errors.ts";

type Config = ConnectionConfig<typeof postgresqlType.type>;

/** pg's TLS options for each ssl.mode; verification uses the database's real host name. */
function tlsOptions(config: Config): false | ConnectionOptions {
  const ssl = config.ssl;
  if (!ssl || ssl.mode === "disable") return false;
  const client = { ...(ssl.cert ? { cert: ssl.cert } : {}), ...(ssl.key ? { key: ssl.key } : {}), ...(ssl.ca ? { ca: ssl.ca } : {}) };
  if (ssl.mode === "require") return { ...client, rejectUnauthorized: false };
  if (ssl.mode === "verify-ca") return { ...client, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { ...client, rejectUnauthorized: true, servername: config.host };
}

const LOGIN_ERRORS: LoginErrorTable = {
  database: "postgresql",
  codesOf: (error) => [error.code],
  // SQLSTATE class 28: invalid authorization; 3D000: the database does not exist.
  codes: { "28000": "DB_AUTH_FAILED", "28P01": "DB_AUTH_FAILED", "3D000": "DB_AUTH_FAILED" },
  tlsText: /does not support SSL/i,
  timeoutText: /timeout/i,
  connectFailed: "Connecting to the database failed",
};

export const postgresqlDriver: DatabaseDriver<typeof postgresqlType.type> = {
  async connect(config, context: DriverContext): Promise<DatabaseSession> {
    const tls = tlsOptions(config);
    const client = new pg.Client({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      ssl: tls,
      stream: () => context.transport.createSocket() as never,
      connectionTimeoutMillis: context.connectTimeoutMs,
      // Sent in the startup packet, so the usual query needs no extra SET round trip.
      ...(context.statementTimeoutMs ? { statement_timeout: context.statementTimeoutMs } : {}),
      // Every transaction of a read-only session starts read-only. A statement can change this for
      // later ones (SET, BEGIN READ WRITE), but never for itself, and the session's reset between
      // calls (DISCARD ALL, which also fails inside an open transaction) returns it to this value.
      ...(context.readOnly ? { options: "-c default_transaction_read_only=on" } : {}),
    });
    // An idle session can still fail (tunnel lost); the next query reports it.
    client.on("error", () => {});
    let started = performance.now();
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.once("sslconnect", () => {
      context.recorder?.ok("db_tls", started);
      started = performance.now();
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      const typed = classifyLoginError(error, LOGIN_ERRORS, {
        host: config.host,
        port: config.port,
        user: config.user,
        timeoutMs: context.connectTimeoutMs,
      });
      context.recorder?.failed(typed, started);
      throw typed;
    }
    if (!tls) context.recorder?.skipped("db_tls", "no_tls");
    context.recorder?.ok("db_auth", started);
    return session(client, context.statementTimeoutMs, Boolean(context.readOnly));
  },
};

function session(client: pg.Client, startupTimeoutMs: number | undefined, readOnly: boolean): DatabaseSession {
  let statementTimeoutMs = startupTimeoutMs;
  let open = true;
  const ended = () => {
    open = false;
  };
  client.once("end", ended);
  client.once("error", ended);
  return {
    async query(sql, params, { maxRows, maxBytes, timeoutMs, sink }) {
      try {
        // Server-side limit, so a timed-out statement stops using the database too.
        if (statementTimeoutMs !== timeoutMs) {
          await client.query(`SET statement_timeout = ${Math.floor(timeoutMs)}`);
          statementTimeoutMs = timeoutMs;
        }
        const budget = new ResultBudget(maxRows, maxBytes, sink);
        const query = client.query(new BoundedQuery(sql, [...params], maxRows));
        await readRowsWithinBudget(
          query,
          budget,
          (fields: pg.FieldDef[]) => fields.map((f) => ({ name: f.name, type: pgTypeName(f.dataTypeID) })),
          () => {
            open = false;
            stopReading(client);
          },
          socketOf(client),
        );
        return budget.result();
      } catch (error) {
        throw classifyQueryError(error as Error & { code?: string }, timeoutMs, readOnly);
      }
    },
    async reset() {
      if (!open) throw new Error("the session's connection is closed");
      // Settings, temporary tables, prepared statements, listeners and advisory locks; settings
      // return to the startup packet's values, statement_timeout included.
      await client.query("DISCARD ALL");
      statementTimeoutMs = startupTimeoutMs;
    },
    isOpen: () => open,
    close: () => {
      open = false;
      return client.end().catch(() => {});
    },
  };
}

/** Drops the connection mid-result: the rest of it is never read, and the server stops sending. */
function stopReading(client: pg.Client): void {
  socketOf(client).destroy();
}

/** pg keeps its socket (here the tunnel's channel) on the connection, which its types leave out. */
function socketOf(client: pg.Client): Duplex {
  return (client as unknown as { connection: { stream: Duplex } }).connection.stream;
}

function classifyQueryError(error: Error & { code?: string }, timeoutMs: number, readOnly: boolean): TunnelError {
  if (TunnelError.is(error)) return error;
  if (error.code === "57014") return queryTimedOut(timeoutMs);
  // read_only_sql_transaction; on a session that is not read-only it is a standby's refusal, a plain failure.
  if (error.code === "25006" && readOnly) return readOnlyViolation(error.message, "database", error);
  return queryFailed(error.message);
}

const PG_TYPES: Record<number, string> = {
  16: "boolean",
  17: "bytea",
  20: "bigint",
  21: "smallint",
  23: "integer",
  25: "text",
  114: "json",
  700: "real",
  701: "double precision",
  1043: "varchar",
  1082: "date",
  1114: "timestamp",
  1184: "timestamptz",
  1700: "numeric",
  2950: "uuid",
  3802: "jsonb",
};

function pgTypeName(oid: number): string {
  return PG_TYPES[oid] ?? `oid:${oid}`;
}
