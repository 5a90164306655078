import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, projectRoot } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "db-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const migrationsDir = join(projectRoot(), "prisma", "sqlite", "migrations");
const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function query<T>(file: string, sql: string): T[] {
  const db = new Sqlite(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe("migrate (SQLite)", () => {
  const file = join(dir, "nested", "x.db");
  const url = `file:${file}`;

  it("has an init migration to apply", () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    expect(migrationNames[0]).toMatch(/^\d{14}_init$/);
  });

  it("applies every migration on a fresh file, creating missing folders", async () => {
    expect(await migrate(url)).toEqual(migrationNames);
  });

  it("creates the model tables", () => {
    const tables = query<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'table'").map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(["User", "Project", "Membership", "AccessKey", "Connection", "Setting"]));
  });

  it("records each migration in _prisma_migrations with the SHA-256 of its migration.sql", () => {
    const rows = query<{ migration_name: string; checksum: string; finished_at: string | null; applied_steps_count: number }>(
      file,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const sql = readFileSync(join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("is idempotent: a second run applies nothing and adds no rows", async () => {
    expect(await migrate(url)).toEqual([]);
    const [{ count }] = query<{ count: number }>(file, `SELECT count(*) AS count FROM "_prisma_migrations"`) as [{ count: number }];
    expect(count).toBe(migrationNames.length);
  });

  it("refuses a history whose applied migration was changed", async () => {
    const db = new Sqlite(file);
    db.prepare(`UPDATE "_prisma_migrations" SET checksum = ? WHERE migration_name = ?`).run("0".repeat(64), migrationNames[0]);
    db.close();
    await expect(migrate(url)).rejects.toThrow(`migration ${migrationNames[0]} was changed after it was applied`);
  });

  it("rejects a DATABASE_URL it does not understand", async () => {
    await expect(migrate("mysql://localhost/x")).rejects.toThrow(/file:<path>.*postgres/);
    await expect(migrate("file:")).rejects.toThrow(/needs a path/);
  });
});
