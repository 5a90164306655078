import type { DatabaseKind } from "@connections/core";
import { isTlsError, TunnelError } from "@connections/tunnel";
import { authFailed, tlsFailed, transportFailed } from "./database-errors.ts";
import { quoteServerText } from "./quote-server-text.ts";

type LoginErrorCode = "DB_AUTH_FAILED" | "DB_TIMEOUT" | "DB_TLS_FAILED";
type DriverError = Error & Record<string, unknown>;

/** How one database reports a failed login: its own codes (SQLSTATE, errno, HTTP status) and texts. */
export interface LoginErrorTable {
  database: DatabaseKind;
  /** The database's own codes on an error, looked up in `codes` in order. */
  codesOf(error: DriverError): readonly unknown[];
  codes: Readonly<Record<string, LoginErrorCode>>;
  /** For drivers that say only in text that TLS failed or the login timed out. */
  tlsText?: RegExp;
  timeoutText?: RegExp;
  /** Where the trusted CA is configured, for the TLS hint (default ssl.ca). */
  caField?: string;
  /** How the DB_CONNECT_FAILED message begins, e.g. "Connecting to the database failed". */
  connectFailed: string;
  /** The DB_TIMEOUT message (default: the login did not complete in time). */
  timedOut?: (timeoutMs: number) => string;
  /** What the database said when it refused the login (default: the error's message). */
  refusal?: (error: DriverError) => string;
}

export interface LoginTarget {
  host: string;
  port: number;
  user: string;
  timeoutMs: number;
}

/**
 * Every driver's login failure, in one order: the socket or tunnel, then TLS, then the database's
 * own codes (refused login, timeout), then its text; anything else is DB_CONNECT_FAILED.
 */
export function classifyLoginError(error: unknown, table: LoginErrorTable, target: LoginTarget): TunnelError {
  const reach = transportFailed(error, target.host, target.port);
  if (reach) return reach;
  const failure = error as DriverError;
  const code = codeIn(table, failure);
  if (isTlsError(error) || table.tlsText?.test(failure.message) || code === "DB_TLS_FAILED")
    return tlsFailed(failure, target.host, table.caField);
  if (code === "DB_AUTH_FAILED") return authFailed(table.refusal?.(failure) ?? failure.message, target.user, error);
  const detail = { database: table.database };
  if (code === "DB_TIMEOUT" || table.timeoutText?.test(failure.message)) {
    const message = table.timedOut?.(target.timeoutMs) ?? `The database did not complete the login within ${target.timeoutMs} ms`;
    return new TunnelError("DB_TIMEOUT", message, { cause: error, detail });
  }
  return new TunnelError("DB_CONNECT_FAILED", `${table.connectFailed}: ${quoteServerText(failure.message)}`, { cause: error, detail });
}

function codeIn(table: LoginErrorTable, error: DriverError): LoginErrorCode | undefined {
  for (const raw of table.codesOf(error)) {
    if (raw === undefined || raw === null) continue;
    const key = String(raw);
    if (Object.hasOwn(table.codes, key)) return table.codes[key];
  }
  return undefined;
}
