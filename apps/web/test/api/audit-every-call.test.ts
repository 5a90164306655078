import { beforeAll, describe, expect, it } from "vitest";
import type { AuditAction } from "@connections/core";
import { signIn } from "@connections/api";
import { callEntry, type Caller } from "../support/call-entry.ts";
import { db, newTenant, services, type Tenant } from "../support/fixtures.ts";
import { freshWorld } from "../support/fresh-world.ts";
import { api } from "../support/http.ts";
import { CATALOGUE, entryName, type CatalogueEntry } from "../support/procedure-catalogue.ts";
import { signedInUser, type SignedInUser } from "../support/signed-in-user.ts";
import { LOOPBACK_CONFIG, uniqueName } from "../support/valid-inputs.ts";

// SPEC §12: every catalogue entry that changes something or reaches a database appends exactly one
// audit row naming its caller, and no row holds a secret or a statement's parameters.

const EXPECTED: Record<string, AuditAction> = {
  "POST /v1/connections": "connection.create",
  "PUT /v1/connections/{id}": "connection.update",
  "DELETE /v1/connections/{id}": "connection.delete",
  "POST /v1/connections/{id}/test": "connection.test",
  "POST /v1/connections/{id}/query": "connection.query",
  "POST /v1/connections/test": "connection.test_unsaved",
  "POST /connections/{id}/export.csv": "connection.query",
  "POST /chat/{id}/export.csv": "chat_connector.run",
  "POST /sign-out": "session.sign_out",
  "trpc connection.create": "connection.create",
  "trpc connection.update": "connection.update",
  "trpc connection.delete": "connection.delete",
  "trpc connection.test": "connection.test",
  "trpc connection.testLive": "connection.test",
  "trpc connection.testUnsaved": "connection.test_unsaved",
  "trpc connection.testUnsavedLive": "connection.test_unsaved",
  "trpc connection.query": "connection.query",
  "trpc chatConnector.create": "chat_connector.create",
  "trpc chatConnector.update": "chat_connector.update",
  "trpc chatConnector.delete": "chat_connector.delete",
  "trpc chatConnector.test": "chat_connector.test",
  "trpc chatConnector.testLive": "chat_connector.test",
  "trpc chatConnector.testUnsavedLive": "chat_connector.test_unsaved",
  "trpc chatConnector.run": "chat_connector.run",
  "trpc tunnel.acceptHostKey": "tunnel.accept_host_key",
};

// Seeded where a careless log would copy them: a database password, a statement's parameter.
const DB_PASSWORD = "audit-sweep-db-password-5b1e";
const PARAMETER = "audit-sweep-parameter-93c4";
const CONFIG = { ...LOOPBACK_CONFIG, password: DB_PASSWORD };

let tenant: Tenant;
let keyId: string;
let owner: SignedInUser;
const secrets: string[] = [DB_PASSWORD, PARAMETER];

beforeAll(async () => {
  tenant = await newTenant("audit-sweep");
  keyId = (await db().accessKey.findFirstOrThrow({ where: { projectId: tenant.projectId } })).id;
  owner = await signedInUser(tenant);
  secrets.push(tenant.key, owner.cookie.slice(owner.cookie.indexOf("=") + 1));
});

/** The server writes rows a moment after the call; its listing waits for every row recorded so far. */
async function rowsOf(actorIds: string[]) {
  await services().audit.flush();
  expect((await api("GET", `/v1/audit?project_id=${tenant.projectId}&limit=1`, { key: tenant.key })).status).toBe(200);
  return db().auditEvent.findMany({ where: { actorId: { in: actorIds } }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}

function isAudited(entry: CatalogueEntry): boolean {
  return !entry.readOnly && entry.unscoped !== CATCH_ALL;
}
const CATCH_ALL = CATALOGUE.find((entry) => entry.api === "rest" && entry.path === "/v1/{...path}")!.unscoped;

describe("the audit log records every call that changes something or reaches a database (SPEC §12)", () => {
  it("names an action for every entry that writes or reaches a database, and none for the rest", () => {
    const audited = CATALOGUE.filter((entry) => isAudited(entry) && !(entry.api === "rest" && entry.path === "/api/trpc/{trpc}"));
    expect(audited.map(entryName).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const entry of CATALOGUE.filter((e) => Object.hasOwn(EXPECTED, entryName(e)))) {
    it(`${entryName(entry)} writes one ${EXPECTED[entryName(entry)]} row naming its caller`, async () => {
      const world = await freshWorld(tenant, owner, CONFIG);
      // Sign-out ends the session it is called with, so it gets a user of its own.
      const user = entryName(entry) === "POST /sign-out" ? await signedInUser(tenant) : owner;
      const caller: Caller =
        entry.api === "rest" && entry.auth === "key" ? { label: "key", key: tenant.key } : { label: "user", cookie: user.cookie };
      const actor = caller.key ? { actorType: "access_key", actorId: keyId } : { actorType: "user", actorId: user.id };
      const before = await rowsOf([keyId, user.id]);

      const outcome = await callEntry(entry, entry.valid(world)[0], caller);
      expect(outcome.code, JSON.stringify(outcome)).not.toBe("INTERNAL");

      const added = (await rowsOf([keyId, user.id])).slice(before.length);
      expect(added.map((row) => ({ action: row.action, actorType: row.actorType, actorId: row.actorId }))).toEqual([
        { action: EXPECTED[entryName(entry)], ...actor },
      ]);
      const row = added[0]!;
      expect(row.clientAddress).toBe("127.0.0.1");
      // Changes succeed; a test or statement reaches LOOPBACK_CONFIG's closed port and is recorded as
      // failed, with how; a fresh project has no tunnel whose new host key could be accepted (CONFLICT).
      const fails = /\.(test|test_unsaved|query|run)$/.test(row.action) || row.action === "tunnel.accept_host_key";
      expect([row.outcome, row.code === null]).toEqual(fails ? ["error", false] : ["ok", true]);
      if (entry.refs.some((ref) => ref.of !== "project")) {
        expect(row.connectionId).toBe(entry.refs[0]!.of === "connection" ? world.connectionId : world.chatConnectorId);
      }
      if (/^(connection|tunnel)\./.test(row.action)) expect(row.projectId).toBe(tenant.projectId);
    });
  }

  it("records a statement's text and never its parameters", async () => {
    const world = await freshWorld(tenant, owner, CONFIG);
    const before = await rowsOf([keyId]);
    const sql = "select $1::text as seeded";
    const answer = await api("POST", `/v1/connections/${world.connectionId}/query`, {
      key: tenant.key,
      body: { sql, params: [PARAMETER] },
    });
    expect(answer.status).toBe(502);
    const [row] = (await rowsOf([keyId])).slice(before.length);
    expect(row).toMatchObject({ action: "connection.query", sql, outcome: "error", code: "TCP_REFUSED" });
  });

  it("records sign-in success and failure: by the user, or by the email typed when no account has it", async () => {
    const user = await signedInUser(tenant);
    const email = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).email;
    const origin = { peer: "192.0.2.7", forwardedFor: null };
    await signIn(services(), { email, password: "a long sweep password" }, origin);
    await expect(signIn(services(), { email, password: "wrong password" }, origin)).rejects.toThrow();
    const stranger = `nobody-${uniqueName("x")}@example.com`;
    await expect(signIn(services(), { email: stranger, password: "wrong password" }, origin)).rejects.toThrow();
    await services().audit.flush();
    const rows = await db().auditEvent.findMany({
      where: { action: "session.sign_in", actorId: { in: [user.id, stranger] } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    expect(rows.map((r) => [r.actorType, r.actorId, r.outcome, r.code, r.clientAddress])).toEqual([
      ["user", user.id, "ok", null, null],
      ["user", user.id, "ok", null, "192.0.2.7"],
      ["user", user.id, "error", "UNAUTHENTICATED", "192.0.2.7"],
      ["anonymous", stranger, "error", "UNAUTHENTICATED", "192.0.2.7"],
    ]);
    secrets.push("a long sweep password", "wrong password");
  });

  it("another project's key that names this project writes nothing into this project's log", async () => {
    const intruder = await newTenant("audit-intruder");
    await rowsOf([]);
    const before = await db().auditEvent.count({ where: { projectId: tenant.projectId } });
    const answer = await api("POST", "/v1/connections", {
      key: intruder.key,
      body: { name: uniqueName("intrusion"), project_id: tenant.projectId, type: "dynamiq.connections.PostgreSQL", config: CONFIG },
    });
    expect(answer.status).toBe(404);
    await rowsOf([]);
    expect(await db().auditEvent.count({ where: { projectId: tenant.projectId } })).toBe(before);
    const intruderKey = await db().accessKey.findFirstOrThrow({ where: { projectId: intruder.projectId } });
    expect(await db().auditEvent.findMany({ where: { actorId: intruderKey.id } })).toMatchObject([
      { action: "connection.create", outcome: "error", code: "NOT_FOUND", projectId: null },
    ]);
  });

  it("holds no seeded secret, key, session token or parameter in any row", async () => {
    await rowsOf([]);
    const everything = JSON.stringify(await db().auditEvent.findMany());
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
  });
});
