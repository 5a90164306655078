// The real SQL engine behind the peer: an in-memory SQLite database (better-sqlite3). Every
// statement is compiled and run by SQLite itself; this file only shapes the outcome into what
// a Trino query produces (typed columns + rows, or an update type and count).
import Database from "better-sqlite3";
import { columnType, trinoColumn, type TrinoColumn, type TrinoTypeName } from "./types.ts";

export type SqliteDatabase = Database.Database;

/** What one statement produced, before paging. */
export interface EngineResult {
  columns: TrinoColumn[];
  types: TrinoTypeName[];
  rows: unknown[][];
  updateType?: string;
  updateCount?: number;
}

/** The default data set: `items(id INTEGER PRIMARY KEY, name TEXT)` with three rows. */
export function seedItems(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
           INSERT INTO items (id, name) VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma');`);
}

export function openEngine(seed: (db: SqliteDatabase) => void = seedItems): SqliteDatabase {
  const db = new Database(":memory:");
  seed(db);
  return db;
}

// Trino's updateType is the statement kind in words ("INSERT", "CREATE TABLE", ...).
function updateTypeOf(sql: string): string {
  const words = sql
    .replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, "")
    .split(/\s+/)
    .map((w) => w.toUpperCase());
  const [first = "", second = ""] = words;
  if (["CREATE", "DROP", "ALTER"].includes(first)) {
    const object = ["TEMP", "TEMPORARY", "UNIQUE", "VIRTUAL"].includes(second) ? (words[2] ?? "") : second;
    return `${first} ${object}`;
  }
  if (first === "BEGIN") return "START TRANSACTION";
  if (first === "REPLACE") return "INSERT";
  return first.replace(/;$/, "");
}

/** Run one statement with positional parameters; throws SQLite's own errors unchanged. */
export function runStatement(db: SqliteDatabase, sql: string, params: unknown[] = []): EngineResult {
  const stmt = db.prepare(sql);
  if (stmt.reader) {
    // safeIntegers: SQLite INTEGERs arrive as exact BigInt, which also tells integers from REALs.
    const rows = stmt
      .safeIntegers(true)
      .raw(true)
      .all(...params) as unknown[][];
    const meta = stmt.columns();
    const types = meta.map((c, i) =>
      columnType(
        c.type,
        rows.map((r) => r[i]),
      ),
    );
    return { columns: meta.map((c, i) => trinoColumn(c.name, types[i] ?? "unknown")), types, rows };
  }
  const info = stmt.run(...params);
  const updateType = updateTypeOf(sql);
  if (["INSERT", "UPDATE", "DELETE", "MERGE"].includes(updateType)) {
    // Trino answers DML with one bigint column "rows" holding the count, plus updateCount.
    return {
      columns: [trinoColumn("rows", "bigint")],
      types: ["bigint"],
      rows: [[BigInt(info.changes)]],
      updateType,
      updateCount: info.changes,
    };
  }
  // DDL and other statements have no output stage: Trino sends an empty column list and no data.
  return { columns: [], types: [], rows: [], updateType };
}

/** Evaluate Trino `EXECUTE ... USING a, b` argument expressions with SQLite itself. */
export function evaluateExpressions(db: SqliteDatabase, list: string): unknown[] {
  const row = db.prepare(`SELECT ${list}`).safeIntegers(true).raw(true).get() as unknown[] | undefined;
  return row ?? [];
}
