import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, insertRows, migrate, type Database } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "db-insert-rows-"));
const file = join(dir, "x.db");
let db: Database;

beforeAll(async () => {
  await migrate(`file:${file}`);
  db = createPrismaClient(`file:${file}`);
});

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const COLUMNS = ["id", "at", "actorType", "actorId", "action", "outcome", "durationMs", "rows", "sql"];
const row = (id: string, at: Date) => [id, at, "user", "usr_1", "connection.query", "ok", 1.25, 3, "select 'it''s', $1"];

describe("insertRows on SQLite (its own connection, prepared statement)", () => {
  it("stores what Prisma reads back as it wrote it: dates as Dates, ordered by time", async () => {
    const early = new Date("2026-12-04T10:00:00.123Z");
    const late = new Date("2026-12-04T10:00:01.000Z");
    await insertRows(db, "AuditEvent", COLUMNS, [row("aud_b", late), row("aud_a", early)]);
    await db.auditEvent.create({
      data: {
        id: "aud_c",
        at: new Date("2026-12-04T10:00:00.500Z"),
        actorType: "user",
        actorId: "usr_1",
        action: "x",
        outcome: "ok",
        durationMs: 0,
      },
    });
    const read = await db.auditEvent.findMany({ where: { actorId: "usr_1" }, orderBy: { at: "asc" } });
    expect(read.map((r) => r.id)).toEqual(["aud_a", "aud_c", "aud_b"]);
    expect(read[0]).toMatchObject({ at: early, durationMs: 1.25, rows: 3, sql: "select 'it''s', $1", projectId: null });
  });

  it("waits for another connection's write lock between turns of the event loop, then writes", async () => {
    const holder = new Sqlite(file);
    holder.exec("BEGIN IMMEDIATE");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const writing = insertRows(db, "AuditEvent", COLUMNS, [row("aud_locked", new Date())]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await db.auditEvent.count({ where: { id: "aud_locked" } })).toBe(0);
    holder.exec("COMMIT");
    holder.close();
    await writing;
    clearInterval(ticker);
    // The process kept running while it waited: it did not block on the lock.
    expect(ticks).toBeGreaterThan(5);
    expect(await db.auditEvent.count({ where: { id: "aud_locked" } })).toBe(1);
  });

  it("writes nothing of a batch with a bad row, and says why", async () => {
    await expect(insertRows(db, "AuditEvent", COLUMNS, [row("aud_ok", new Date()), row("aud_ok", new Date())])).rejects.toThrow(/UNIQUE/);
    expect(await db.auditEvent.count({ where: { id: "aud_ok" } })).toBe(0);
  });
});
