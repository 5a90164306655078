import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../project-root.ts";

export interface MigrationFile {
  name: string;
  sql: string;
  /** As Prisma records it in _prisma_migrations: SHA-256 hex of migration.sql. */
  checksum: string;
}

export function readMigrations(provider: "sqlite" | "postgresql"): MigrationFile[] {
  const dir = join(projectRoot(), "prisma", provider, "migrations");
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface AppliedMigration {
  migration_name: string;
  checksum: string;
}

/** The migrations still to apply; refuses a history that was edited after it was applied. */
export function pendingMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationFile[] {
  const byName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  for (const file of files) {
    const checksum = byName.get(file.name);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new Error(`migration ${file.name} was changed after it was applied to this database; restore the original file`);
    }
  }
  return files.filter((file) => !byName.has(file.name));
}
