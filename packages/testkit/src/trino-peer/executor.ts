// Runs one statement for a query: Trino session statements (PREPARE / EXECUTE / DEALLOCATE /
// USE) are handled here with Trino's semantics and headers; everything else, including the body
// of an EXECUTE, is compiled and run by SQLite. Failures come out as TrinoPeerError.
import { evaluateExpressions, runStatement, type EngineResult, type SqliteDatabase } from "./engine.ts";
import { fromEngineError, TrinoPeerError } from "./errors.ts";
import { classifyStatement, countParameters, javaUrlEncode } from "./statements.ts";

/** The session a statement runs in, taken from the X-Trino-* request headers. */
export interface SessionContext {
  user: string;
  source?: string;
  catalog?: string;
  schema?: string;
  preparedStatements: Map<string, string>;
}

export interface Execution {
  result: EngineResult;
  /** X-Trino-Added-Prepare, X-Trino-Set-Schema, ...: session changes the client must apply. */
  responseHeaders: Record<string, string>;
}

const NO_OUTPUT = (updateType: string): EngineResult => ({ columns: [], types: [], rows: [], updateType });

function runWithParameters(db: SqliteDatabase, sql: string, using: string | null): EngineResult {
  const nested = classifyStatement(sql);
  if (nested.kind !== "sql")
    throw new TrinoPeerError("NOT_SUPPORTED", `${nested.kind.toUpperCase()} cannot be used in a prepared statement`);
  let params: unknown[];
  try {
    params = using ? evaluateExpressions(db, using) : [];
  } catch (err) {
    throw fromEngineError(err, using ?? "");
  }
  const expected = countParameters(sql);
  if (expected !== params.length) {
    // Trino's analyzer message for a parameter count mismatch.
    throw new TrinoPeerError("INVALID_PARAMETER_USAGE", `Incorrect number of parameters: expected ${expected} but found ${params.length}`);
  }
  try {
    return runStatement(db, sql, params);
  } catch (err) {
    throw fromEngineError(err, sql);
  }
}

export function executeStatement(db: SqliteDatabase, text: string, session: SessionContext): Execution {
  const statement = classifyStatement(text);
  switch (statement.kind) {
    case "prepare": {
      try {
        db.prepare(statement.sql); // Trino parses the statement at PREPARE time; so does SQLite here
      } catch (err) {
        throw fromEngineError(err, statement.sql);
      }
      return {
        result: NO_OUTPUT("PREPARE"),
        responseHeaders: { "X-Trino-Added-Prepare": `${javaUrlEncode(statement.name)}=${javaUrlEncode(statement.sql)}` },
      };
    }
    case "execute": {
      const sql = session.preparedStatements.get(statement.name);
      if (sql === undefined) throw new TrinoPeerError("NOT_FOUND", `Prepared statement not found: ${statement.name}`);
      return { result: runWithParameters(db, sql, statement.using), responseHeaders: {} };
    }
    case "execute-immediate":
      return { result: runWithParameters(db, statement.sql, statement.using), responseHeaders: {} };
    case "deallocate": {
      if (!session.preparedStatements.has(statement.name)) {
        throw new TrinoPeerError("NOT_FOUND", `Prepared statement not found: ${statement.name}`);
      }
      return { result: NO_OUTPUT("DEALLOCATE"), responseHeaders: { "X-Trino-Deallocated-Prepare": javaUrlEncode(statement.name) } };
    }
    case "use": {
      const catalog = statement.catalog ?? session.catalog;
      if (!catalog) throw new TrinoPeerError("MISSING_CATALOG_NAME", "Catalog must be specified when session catalog is not set");
      return { result: NO_OUTPUT("USE"), responseHeaders: { "X-Trino-Set-Catalog": catalog, "X-Trino-Set-Schema": statement.schema } };
    }
    case "sql":
      return { result: runWithParameters(db, statement.sql, null), responseHeaders: {} };
  }
}
