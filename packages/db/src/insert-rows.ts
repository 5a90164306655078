import { setTimeout as delay } from "node:timers/promises";
import Sqlite from "better-sqlite3";
import type { DatabaseTarget } from "./database-url.ts";
import type { Database } from "./prisma-client.ts";
import { join, raw, sql } from "./raw-sql.ts";

/** Where each client made by createPrismaClient writes, for insertRows' SQLite path. */
const targets = new WeakMap<Database, DatabaseTarget>();

export function rememberTarget(db: Database, target: DatabaseTarget): void {
  targets.set(db, target);
}

type Value = string | number | Date | null;

// PostgreSQL takes at most 65,535 parameters in a statement, SQLite 32,766.
const MAX_PARAMETERS = 30_000;
// A write lock held by another connection is waited for between turns of the event loop, never by
// blocking it: the holder may be this process's own Prisma connection, mid-transaction.
const BUSY_RETRIES = 50;
const BUSY_WAIT_MS = 20;

/**
 * Appends rows to `table` in as few statements as the parameter limits allow. On SQLite, one
 * prepared statement run per row in one transaction on a connection of its own: through Prisma,
 * 200 audit rows cost 81–211 ms of the process's thread with createMany and about 14 ms as one
 * raw multi-row INSERT, and 1.4 ms here. Elsewhere, multi-row INSERTs through the client.
 */
export async function insertRows(
  db: Database,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly Value[]>,
): Promise<void> {
  if (rows.length === 0) return;
  const target = targets.get(db);
  if (target?.provider === "sqlite") return insertSqlite(target.file, table, columns, rows);
  const names = raw(columns.map((column) => `"${column}"`).join(", "));
  const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows.slice(start, start + perStatement).map((row) => sql`(${join([...row])})`);
    await db.$executeRaw`INSERT INTO ${raw(`"${table}"`)} (${names}) VALUES ${join(values)}`;
  }
}

// A connection per batch (opening one costs well under a millisecond), so none outlives its client.
async function insertSqlite(file: string, table: string, columns: readonly string[], rows: ReadonlyArray<readonly Value[]>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const connection = new Sqlite(file, { timeout: 0 });
    try {
      const insert = connection.prepare(
        `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      connection.transaction(() => {
        for (const row of rows) insert.run(row.map(sqliteValue));
      })();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || attempt === BUSY_RETRIES) throw error;
    } finally {
      connection.close();
    }
    await delay(BUSY_WAIT_MS);
  }
}

// As Prisma's SQLite adapter stores a DateTime, so its reads and the `at` ordering see one format.
function sqliteValue(value: Value): string | number | null {
  return value instanceof Date ? value.toISOString().replace("Z", "+00:00") : value;
}
