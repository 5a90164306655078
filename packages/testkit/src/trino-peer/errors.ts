// Trino reports a failed statement as an HTTP 200 QueryResults document whose `error` field is a
// QueryError. This file builds those objects with Trino's own codes (io.trino.spi.StandardErrorCode)
// and classifies SQLite's errors into them, so clients see the same names and types.

export type TrinoErrorType = "USER_ERROR" | "INTERNAL_ERROR" | "INSUFFICIENT_RESOURCES" | "EXTERNAL";

export interface TrinoErrorLocation {
  lineNumber: number;
  columnNumber: number;
}

/** The `error` field of a QueryResults document (io.trino.client.QueryError). */
export interface TrinoQueryError {
  message: string;
  sqlState?: string;
  errorCode: number;
  errorName: string;
  errorType: TrinoErrorType;
  errorLocation?: TrinoErrorLocation;
  failureInfo: {
    type: string;
    message: string;
    suppressed: unknown[];
    stack: string[];
    errorLocation?: TrinoErrorLocation;
  };
}

// The subset of StandardErrorCode this peer can produce; values copied from Trino's source.
export const ERROR_CODES = {
  GENERIC_USER_ERROR: 0,
  SYNTAX_ERROR: 1,
  USER_CANCELED: 3,
  NOT_FOUND: 5,
  FUNCTION_NOT_FOUND: 6,
  NOT_SUPPORTED: 13,
  CONSTRAINT_VIOLATION: 16,
  READ_ONLY_VIOLATION: 23,
  TABLE_NOT_FOUND: 46,
  COLUMN_NOT_FOUND: 47,
  TABLE_ALREADY_EXISTS: 50,
  MISSING_CATALOG_NAME: 56,
  TYPE_MISMATCH: 58,
  AMBIGUOUS_NAME: 62,
  INVALID_PARAMETER_USAGE: 80,
  GENERIC_INTERNAL_ERROR: 65536,
} as const;

export type TrinoErrorName = keyof typeof ERROR_CODES;

/** A Trino-shaped failure thrown inside the peer and turned into a QueryError by the query. */
export class TrinoPeerError extends Error {
  constructor(
    readonly errorName: TrinoErrorName,
    message: string,
    readonly location?: TrinoErrorLocation,
  ) {
    super(message);
  }
}

function errorType(code: number): TrinoErrorType {
  if (code >= 131072) return "INSUFFICIENT_RESOURCES";
  if (code >= 65536) return "INTERNAL_ERROR";
  return "USER_ERROR";
}

export function toQueryError(failure: TrinoPeerError): TrinoQueryError {
  const code = ERROR_CODES[failure.errorName];
  // Trino prefixes parser/analyzer messages with "line L:C: " when it knows the position.
  const loc = failure.location;
  const message = loc ? `line ${loc.lineNumber}:${loc.columnNumber}: ${failure.message}` : failure.message;
  const javaType = failure.errorName === "SYNTAX_ERROR" ? "io.trino.sql.parser.ParsingException" : "io.trino.spi.TrinoException";
  return {
    message,
    errorCode: code,
    errorName: failure.errorName,
    errorType: errorType(code),
    ...(loc ? { errorLocation: loc } : {}),
    failureInfo: { type: javaType, message, suppressed: [], stack: [], ...(loc ? { errorLocation: loc } : {}) },
  };
}

/** 1-based line/column of a character offset, as Trino's errorLocation counts them. */
export function locationAt(sql: string, offset: number): TrinoErrorLocation {
  const before = sql.slice(0, Math.max(0, Math.min(offset, sql.length)));
  const lines = before.split("\n");
  return { lineNumber: lines.length, columnNumber: (lines.at(-1)?.length ?? 0) + 1 };
}

// SQLite names the offending token in most messages; find it in the statement for errorLocation.
function locate(sql: string, token: string | undefined): TrinoErrorLocation | undefined {
  if (!token) return undefined;
  const at = sql.indexOf(token);
  return at >= 0 ? locationAt(sql, at) : undefined;
}

/** Classify an error thrown by better-sqlite3 into Trino's error codes. */
export function fromEngineError(err: unknown, sql: string): TrinoPeerError {
  if (err instanceof TrinoPeerError) return err;
  const e = err as { code?: string; message?: string; name?: string };
  const message = e?.message ?? String(err);
  const code = e?.code ?? "";
  let m: RegExpMatchArray | null;
  if ((m = message.match(/^near "(.*)": syntax error/s))) return new TrinoPeerError("SYNTAX_ERROR", message, locate(sql, m[1]));
  if (/^(incomplete input|unrecognized token)/.test(message))
    return new TrinoPeerError("SYNTAX_ERROR", message, locationAt(sql, sql.trimEnd().length));
  if (/contains (more than one statement|no statements)/.test(message)) return new TrinoPeerError("SYNTAX_ERROR", message);
  if ((m = message.match(/^no such table: (\S+)/)))
    return new TrinoPeerError("TABLE_NOT_FOUND", message, locate(sql, m[1]?.replace(/^main\./, "")));
  if ((m = message.match(/^no such column: "?([^"\s]+)"?/))) return new TrinoPeerError("COLUMN_NOT_FOUND", message, locate(sql, m[1]));
  if ((m = message.match(/^no such function: (\S+)/))) return new TrinoPeerError("FUNCTION_NOT_FOUND", message, locate(sql, m[1]));
  if ((m = message.match(/^ambiguous column name: (\S+)/))) return new TrinoPeerError("AMBIGUOUS_NAME", message, locate(sql, m[1]));
  if (/^table .* already exists/.test(message)) return new TrinoPeerError("TABLE_ALREADY_EXISTS", message);
  if (code.startsWith("SQLITE_CONSTRAINT")) return new TrinoPeerError("CONSTRAINT_VIOLATION", message);
  if (code.startsWith("SQLITE_READONLY")) return new TrinoPeerError("READ_ONLY_VIOLATION", message);
  if (code.startsWith("SQLITE_MISMATCH")) return new TrinoPeerError("TYPE_MISMATCH", message);
  if (code.startsWith("SQLITE_") || e?.name === "RangeError" || e?.name === "TypeError")
    return new TrinoPeerError("GENERIC_USER_ERROR", message);
  return new TrinoPeerError("GENERIC_INTERNAL_ERROR", message);
}
