import { checkServerIdentity, type TLSSocket } from "node:tls";
import { isIP } from "node:net";
import mysql from "mysql2";
import type { ConnectionConfig, mysqlType } from "@connections/core";
import { TunnelError } from "@connections/tunnel";
import { classifyLoginError, type LoginErrorTable } from "./classify-login-error.ts";
import type { DatabaseDriver, DatabaseSession, DriverContext } from "./driver.ts";
import { queryFailed, queryTimedOut, readOnlyViolation } from "./database-errors.ts";
import { recordLoginStages } from "./record-login-stages.ts";
import { ResultBudget } from "./result-budget.ts";

type Config = ConnectionConfig<typeof mysqlType.type>;

function sslOptions(config: Config): mysql.SslOptions | undefined {
  const ssl = config.ssl;
  if (!ssl || ssl.mode === "disabled") return undefined;
  const verify = ssl.mode === "verify_ca" || ssl.mode === "verify_identity";
  return {
    ...(ssl.ca ? { ca: ssl.ca } : {}),
    ...(ssl.cert ? { cert: ssl.cert } : {}),
    ...(ssl.key ? { key: ssl.key } : {}),
    rejectUnauthorized: verify,
    // mysql2 checks an IP host's certificate against "localhost"; those are checked in checkIpIdentity.
    verifyIdentity: ssl.mode === "verify_identity" && !isIP(config.host),
  } as mysql.SslOptions;
}

// For an IP host the CA is verified in the handshake and the name (IP SAN) here, right after login
// and before any statement runs.
function checkIpIdentity(connection: mysql.Connection, config: Config): void {
  if (config.ssl?.mode !== "verify_identity" || !isIP(config.host)) return;
  const stream = (connection as unknown as { stream: TLSSocket }).stream;
  const mismatch = checkServerIdentity(config.host, stream.getPeerCertificate(true));
  if (mismatch) throw mismatch;
}

const LOGIN_ERRORS: LoginErrorTable = {
  database: "mysql",
  codesOf: (error) => [error.errno, error.code],
  codes: {
    // ER_ACCESS_DENIED_ERROR, ER_DBACCESS_DENIED_ERROR, ER_BAD_DB_ERROR
    1045: "DB_AUTH_FAILED",
    1044: "DB_AUTH_FAILED",
    1049: "DB_AUTH_FAILED",
    HANDSHAKE_NO_SSL_SUPPORT: "DB_TLS_FAILED",
    HANDSHAKE_SSL_ERROR: "DB_TLS_FAILED",
  },
  connectFailed: "Connecting to the database failed",
};

export const mysqlDriver: DatabaseDriver<typeof mysqlType.type> = {
  async connect(config, context: DriverContext): Promise<DatabaseSession> {
    const started = performance.now();
    const ssl = sslOptions(config);
    const socket = context.transport.createSocket();
    socket.connect(config.port, config.host);
    const connection = mysql.createConnection({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      stream: socket as never,
      connectTimeout: context.connectTimeoutMs,
      rowsAsArray: true,
      // Statements are never prepared here (values are bound by query()); mysql2's statement cache
      // preallocates room for its maximum, ~0.5 MB per session at the default of 16,000.
      maxPreparedStatements: 1,
      ...(ssl ? { ssl } : {}),
    });
    connection.on("error", () => {});
    try {
      await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
      checkIpIdentity(connection, config);
      if (context.readOnly) await makeReadOnly(connection);
    } catch (error) {
      connection.destroy();
      const typed = classifyLoginError(error, LOGIN_ERRORS, {
        host: config.host,
        port: config.port,
        user: config.user,
        timeoutMs: context.connectTimeoutMs,
      });
      context.recorder?.failed(typed, started);
      throw typed;
    }
    recordLoginStages(context.recorder, Boolean(ssl), started);
    return session(connection, Boolean(context.readOnly));
  },
};

/**
 * Every later transaction of the session is read-only. A statement can undo this for the ones
 * after it, never for itself, and the reset between calls (which drops session settings) sets it
 * again before the session is lent out.
 */
function makeReadOnly(connection: mysql.Connection): Promise<void> {
  return new Promise((resolve, reject) =>
    connection.query("SET SESSION TRANSACTION READ ONLY", (error: Error | null) => (error ? reject(error) : resolve())),
  );
}

// ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
const READ_ONLY_ERRNO = 1792;

function session(connection: mysql.Connection, readOnly: boolean): DatabaseSession {
  let open = true;
  const ended = () => {
    open = false;
  };
  connection.once("end", ended);
  connection.once("error", ended);
  return {
    query(sql, params, { maxRows, maxBytes, timeoutMs, sink }) {
      return new Promise((resolve, reject) => {
        const budget = new ResultBudget(maxRows, maxBytes, sink);
        const query = connection.query({ sql, values: [...params], timeout: timeoutMs, rowsAsArray: true });
        // A statement without a result set (SET, INSERT, CREATE) reports undefined fields and an OK
        // packet as its "result": no columns, no rows.
        query.on("fields", (fields: Array<{ name: string; type?: number; columnType?: number }> | undefined) => {
          if (fields) budget.setColumns(fields.map((f) => ({ name: f.name, type: mysqlTypeName(f.columnType ?? f.type ?? -1) })));
        });
        query.on("result", (row: unknown) => {
          if (!Array.isArray(row) || budget.stopped) return;
          if (budget.offer(row)) {
            // A streamed result's reader is behind: the rest waits in the socket until it catches up.
            if (budget.waiting) {
              connection.pause();
              void budget.drained().then(() => connection.resume());
            }
            return;
          }
          // Stop reading a result over a limit; the session is closed after this call.
          open = false;
          connection.pause();
          resolve(budget.result());
        });
        query.on("error", (error: Error & { code?: string; errno?: number }) => {
          if (budget.stopped) return;
          if (TunnelError.is(error)) reject(error);
          else if (readOnly && error.errno === READ_ONLY_ERRNO) reject(readOnlyViolation(error.message, "database", error));
          else if (error.code === "PROTOCOL_SEQUENCE_TIMEOUT") reject(queryTimedOut(timeoutMs));
          else reject(queryFailed(error.message));
        });
        query.on("end", () => {
          if (!budget.stopped) resolve(budget.result());
        });
      });
    },
    async reset() {
      if (!open) throw new Error("the session's connection is closed");
      // COM_RESET_CONNECTION: user variables, temporary tables, session settings, prepared
      // statements and locks, without a new login.
      await new Promise<void>((resolve, reject) => connection.reset((error: Error | null) => (error ? reject(error) : resolve())));
      if (readOnly) await makeReadOnly(connection);
    },
    isOpen: () => open,
    close: async () => {
      open = false;
      connection.destroy();
    },
  };
}

// mysql2's column type codes (MySQL protocol ColumnDefinition types).
const MYSQL_TYPES: Record<number, string> = {
  0: "decimal",
  1: "tinyint",
  2: "smallint",
  3: "int",
  4: "float",
  5: "double",
  7: "timestamp",
  8: "bigint",
  9: "mediumint",
  10: "date",
  11: "time",
  12: "datetime",
  13: "year",
  15: "varchar",
  245: "json",
  246: "decimal",
  252: "blob",
  253: "varchar",
  254: "char",
};

function mysqlTypeName(code: number): string {
  return MYSQL_TYPES[code] ?? `type:${code}`;
}
