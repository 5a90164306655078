import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, migrate, type Database } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "db-prisma-"));
const url = `file:${join(dir, "x.db")}`;
let db: Database;

beforeAll(async () => {
  await migrate(url);
  db = createPrismaClient(url);
});

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("createPrismaClient (SQLite)", () => {
  it("creates and reads back a Project", async () => {
    const created = await db.project.create({ data: { id: "prj_test", name: "Analytics" } });
    expect(created).toMatchObject({ id: "prj_test", name: "Analytics" });
    expect(created.createdAt).toBeInstanceOf(Date);

    const read = await db.project.findUnique({ where: { id: "prj_test" } });
    expect(read).toEqual(created);
  });

  it("enforces the unique (projectId, name) of connections", async () => {
    const data = { projectId: "prj_test", name: "warehouse", type: "dynamiq.connections.PostgreSQL", config: "{}", secrets: "{}" };
    await db.connection.create({ data: { ...data, id: "conn_1" } });
    await expect(db.connection.create({ data: { ...data, id: "conn_2" } })).rejects.toThrow();
  });

  it("cascades a project's deletion to its connections", async () => {
    await db.project.delete({ where: { id: "prj_test" } });
    expect(await db.connection.count({ where: { projectId: "prj_test" } })).toBe(0);
  });

  it("sees data written by another client on the same file", async () => {
    await db.project.create({ data: { id: "prj_shared", name: "Shared" } });
    const other = createPrismaClient(url);
    try {
      expect(await other.project.findUnique({ where: { id: "prj_shared" } })).toMatchObject({ name: "Shared" });
    } finally {
      await other.$disconnect();
    }
  });
});
