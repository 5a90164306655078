import { randomUUID } from "node:crypto";
import Sqlite from "better-sqlite3";
import { privateSqliteFile } from "../sqlite-file.ts";
import { pendingMigrations, readMigrations, type AppliedMigration } from "./migration-files.ts";

// Same table Prisma Migrate keeps, so `prisma migrate status` reads our history.
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export function migrateSqlite(file: string): string[] {
  privateSqliteFile(file);
  const db = new Sqlite(file, { timeout: 10_000 });
  try {
    // WAL lets the CLI write while the server reads.
    db.pragma("journal_mode = WAL");
    db.exec(HISTORY_TABLE);
    const run = db.transaction(() => {
      const applied = db
        .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
        .all() as AppliedMigration[];
      const pending = pendingMigrations(readMigrations("sqlite"), applied);
      const record = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES (?, ?, ?, current_timestamp, current_timestamp, 1)`,
      );
      for (const migration of pending) {
        db.exec(migration.sql);
        record.run(randomUUID(), migration.checksum, migration.name);
      }
      return pending.map((m) => m.name);
    });
    return run.immediate();
  } finally {
    db.close();
  }
}
