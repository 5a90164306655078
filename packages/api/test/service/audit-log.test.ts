import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTrinoPeer } from "@connections/testkit";
import { pruneAudit, startAuditRetention } from "../../src/audit/audit-retention.ts";
import { refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";

// Calls reach the in-process Trino peer on loopback; the audit log is the same for every type.
const TRINO = "dynamiq.connections.Trino" as const;
const PEER = { user: "analyst", password: "audit-secret-password-5f1c" };
const PARAM = "audit-param-marker-9d27";

let services: ScratchServices;
let tenant: Tenant;
let other: Tenant;
let asKey: Caller;
let asUser: Caller;
let peer: Awaited<ReturnType<typeof startTrinoPeer>>;

const config = () => ({ host: "127.0.0.1", port: peer.port, ...PEER, catalog: "memory", schema: "default" });

async function rowsOf(projectId: string | null) {
  await services.audit.flush();
  return services.db.auditEvent.findMany({ where: { projectId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

beforeAll(async () => {
  [services, peer] = await Promise.all([openScratchServices(), startTrinoPeer({ auth: PEER })]);
  tenant = await newTenant(services, "audit");
  other = await newTenant(services, "audit-other");
  asKey = callerFor(services, { ...tenant.keyPrincipal, address: "203.0.113.7" });
  asUser = callerFor(services, { ...tenant.user, address: "198.51.100.4" });
});
afterAll(async () => {
  await services?.close();
  await peer?.stop();
});

describe("the audit log (SPEC §12)", () => {
  it("writes exactly one row per connection call that changes something or reaches a database, with its actor and address", async () => {
    const created = await asKey.connection.create({ name: "audited", project_id: tenant.projectId, type: TRINO, config: config() });
    await asUser.connection.update({ id: created.id, name: "audited-renamed", config: config() });
    await asKey.connection.test({ id: created.id });
    await asKey.connection.testUnsaved({ type: TRINO, project_id: tenant.projectId, config: { ...config(), port: 1 } });
    await asUser.connection.query({ id: created.id, sql: "SELECT id, name FROM items WHERE id > ? ORDER BY id", params: [1] });
    await refusal(asUser.connection.query({ id: created.id, sql: "SELECT * FROM missing_table" }));
    await asKey.connection.delete({ id: created.id });

    const rows = await rowsOf(tenant.projectId);
    expect(rows.map((row) => [row.action, row.actorType, row.clientAddress, row.outcome, row.code])).toEqual([
      ["connection.create", "access_key", "203.0.113.7", "ok", null],
      ["connection.update", "user", "198.51.100.4", "ok", null],
      ["connection.test", "access_key", "203.0.113.7", "ok", null],
      ["connection.test_unsaved", "access_key", "203.0.113.7", "error", "TCP_REFUSED"],
      ["connection.query", "user", "198.51.100.4", "ok", null],
      ["connection.query", "user", "198.51.100.4", "error", "QUERY_FAILED"],
      ["connection.delete", "access_key", "203.0.113.7", "ok", null],
    ]);
    expect(rows.map((row) => row.actorId)).toEqual(
      ["key", "user", "key", "key", "user", "user", "key"].map((who) => (who === "key" ? tenant.keyPrincipal.id : tenant.user.id)),
    );
    expect(rows.filter((row) => row.action !== "connection.test_unsaved").map((row) => row.connectionId)).toEqual(
      Array(6).fill(created.id),
    );
    const [query, failed] = rows.filter((row) => row.action === "connection.query");
    expect(query).toMatchObject({ sql: "SELECT id, name FROM items WHERE id > ? ORDER BY id", rows: 2 });
    expect(query!.bytes).toBe(
      JSON.stringify([
        [2, "beta"],
        [3, "gamma"],
      ]).length - 2,
    );
    expect(failed).toMatchObject({ sql: "SELECT * FROM missing_table", rows: null });
    for (const row of rows) expect(row.durationMs).toBeGreaterThan(0);
  });

  it("records a refused call once, under no project when the connection is not the caller's", async () => {
    const theirs = await callerFor(services, other.user).connection.create({
      name: "theirs",
      project_id: other.projectId,
      type: TRINO,
      config: config(),
    });
    const before = await rowsOf(null);
    await refusal(asUser.connection.query({ id: theirs.id, sql: "SELECT 1" }));
    const after = await rowsOf(null);
    expect(after.slice(before.length).map((row) => [row.action, row.connectionId, row.outcome, row.code, row.actorId])).toEqual([
      ["connection.query", theirs.id, "error", "NOT_FOUND", tenant.user.id],
    ]);
    expect((await rowsOf(other.projectId)).map((row) => row.actorId)).toEqual([other.user.id]);
  });

  it("keeps no secret and no parameter: a search of every row for them finds none", async () => {
    const made = await asKey.connection.create({ name: "secrets", project_id: tenant.projectId, type: TRINO, config: config() });
    await asKey.connection.query({ id: made.id, sql: "SELECT name FROM items WHERE name = ?", params: [PARAM] });
    await refusal(asKey.connection.query({ id: made.id, sql: "SELECT ? FROM nowhere", params: [PARAM] }));
    await asKey.connection.testUnsaved({ type: TRINO, project_id: tenant.projectId, config: config() });
    await services.audit.flush();
    const everything = JSON.stringify(await services.db.auditEvent.findMany());
    for (const secret of [PEER.password, PARAM, tenant.accessKey]) expect(everything).not.toContain(secret);
    expect(everything).toContain("SELECT name FROM items WHERE name = ?");
  });

  it("lists a project's rows newest first, by connection, a page at a time, through tRPC like GET /v1/audit", async () => {
    const first = await asKey.connection.create({ name: "paged", project_id: tenant.projectId, type: TRINO, config: config() });
    for (const n of [1, 2, 3]) await asKey.connection.query({ id: first.id, sql: `SELECT ${n}` });
    const page1 = await asUser.audit.list({ project_id: tenant.projectId, connection_id: first.id, limit: 2 });
    expect(page1.data.map((event) => event.sql)).toEqual(["SELECT 3", "SELECT 2"]);
    expect(page1.data[0]).toMatchObject({
      actor: { type: "access_key", id: tenant.keyPrincipal.id },
      action: "connection.query",
      connection_id: first.id,
      outcome: "ok",
      rows: 1,
      client_address: "203.0.113.7",
    });
    const page2 = await asUser.audit.list({ project_id: tenant.projectId, connection_id: first.id, limit: 2, cursor: page1.next_cursor! });
    expect(page2.data.map((event) => event.sql ?? event.action)).toEqual(["SELECT 1", "connection.create"]);
    expect(page2.next_cursor).toBeNull();

    const { app } = await refusal(asUser.audit.list({ project_id: tenant.projectId, cursor: "aud_not-a-row" }));
    expect(app.code).toBe("VALIDATION_FAILED");
    expect((await refusal(asUser.audit.list({ project_id: other.projectId }))).app.code).toBe("NOT_FOUND");
  });

  it("retention deletes rows older than CONNECTIONS_AUDIT_RETENTION_DAYS (90 by default) and keeps the rest", async () => {
    expect(services.audit.retentionDays).toBe(90);
    const day = 24 * 60 * 60 * 1000;
    const now = new Date();
    const row = (id: string, daysAgo: number) => ({
      id,
      at: new Date(now.getTime() - daysAgo * day),
      projectId: other.projectId,
      actorType: "user",
      actorId: "usr_retention",
      action: "connection.test",
      outcome: "ok",
    });
    await services.db.auditEvent.createMany({
      data: [row("aud_r_old", 90.01), row("aud_r_older", 400), row("aud_r_kept", 89.99), row("aud_r_new", 0)],
    });
    expect(await pruneAudit(services.db, 90, now)).toBe(2);
    const left = await services.db.auditEvent.findMany({ where: { actorId: "usr_retention" }, orderBy: { id: "asc" } });
    expect(left.map((r) => r.id)).toEqual(["aud_r_kept", "aud_r_new"]);

    // The server's job runs at once on start, then hourly; it logs what it deleted.
    await services.db.auditEvent.create({ data: row("aud_r_stale", 365 * 3) });
    const logged: unknown[] = [];
    const stop = startAuditRetention(services, { info: (fields) => logged.push(fields), warn: (fields) => logged.push(fields) });
    await expect.poll(() => logged).toEqual([{ event: "audit_pruned", rows: 1, days: 90 }]);
    stop();
    expect(await services.db.auditEvent.count({ where: { id: "aud_r_stale" } })).toBe(0);
  });
});
