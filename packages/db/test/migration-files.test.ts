import { describe, expect, it } from "vitest";
import { pendingMigrations, readMigrations, type MigrationFile } from "../src/migrate/migration-files.ts";

const files: MigrationFile[] = [
  { name: "20260101000000_init", sql: "CREATE TABLE a (id TEXT);", checksum: "a".repeat(64) },
  { name: "20260201000000_more", sql: "CREATE TABLE b (id TEXT);", checksum: "b".repeat(64) },
];

describe("pendingMigrations", () => {
  it("returns every file when nothing is applied", () => {
    expect(pendingMigrations(files, []).map((f) => f.name)).toEqual(["20260101000000_init", "20260201000000_more"]);
  });

  it("skips applied migrations", () => {
    expect(pendingMigrations(files, [{ migration_name: "20260101000000_init", checksum: "a".repeat(64) }]).map((f) => f.name)).toEqual([
      "20260201000000_more",
    ]);
  });

  it("returns nothing when all are applied", () => {
    const applied = files.map((f) => ({ migration_name: f.name, checksum: f.checksum }));
    expect(pendingMigrations(files, applied)).toEqual([]);
  });

  it("throws, naming the migration, when an applied migration's checksum differs", () => {
    expect(() => pendingMigrations(files, [{ migration_name: "20260101000000_init", checksum: "c".repeat(64) }])).toThrow(
      "migration 20260101000000_init was changed after it was applied",
    );
  });
});

describe("readMigrations", () => {
  it.each(["sqlite", "postgresql"] as const)("reads the %s migrations in name order with SHA-256 checksums", (provider) => {
    const migrations = readMigrations(provider);
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.name)).toEqual(migrations.map((m) => m.name).sort());
    for (const m of migrations) {
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(m.sql).toMatch(/CREATE TABLE|ALTER TABLE|CREATE INDEX/);
    }
  });

  it("has the same migration names for both providers", () => {
    expect(readMigrations("sqlite").map((m) => m.name)).toEqual(readMigrations("postgresql").map((m) => m.name));
  });
});
