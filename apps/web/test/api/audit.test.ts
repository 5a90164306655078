import { describe, expect, it } from "vitest";
import { db, newTenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

const WITHOUT_PASSWORD = { host: "db.internal", port: 5432, database: "app", user: "reader" };
const CONFIG = { ...WITHOUT_PASSWORD, password: "audit-rest-secret-31c8" };

describe("GET /v1/audit (SPEC §12)", () => {
  it("answers a project's rows newest first with the access key as actor and the socket's address", async () => {
    const tenant = await newTenant("audit-rest");
    const { id: keyId } = await db().accessKey.findFirstOrThrow({ where: { projectId: tenant.projectId } });
    const created = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: { name: "audited", project_id: tenant.projectId, type: "dynamiq.connections.PostgreSQL", read_only: true, config: CONFIG },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.data.id as string;
    expect(
      (await api("PUT", `/v1/connections/${id}`, { key: tenant.key, body: { name: "renamed", config: WITHOUT_PASSWORD } })).status,
    ).toBe(200);
    expect((await api("DELETE", `/v1/connections/${id}`, { key: tenant.key })).status).toBe(204);

    const listed = await api("GET", `/v1/audit?project_id=${tenant.projectId}`, { key: tenant.key });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.next_cursor).toBeNull();
    expect(listed.body.data.map((event: { action: string }) => event.action)).toEqual([
      "connection.delete",
      "connection.update",
      "connection.create",
    ]);
    for (const event of listed.body.data) {
      expect(event).toMatchObject({
        actor: { type: "access_key", id: keyId },
        connection_id: id,
        outcome: "ok",
        client_address: "127.0.0.1",
      });
      expect(Object.keys(event).sort()).toEqual([
        "action",
        "actor",
        "at",
        "client_address",
        "connection_id",
        "duration_ms",
        "id",
        "outcome",
      ]);
    }
    expect(listed.text).not.toContain(CONFIG.password);

    const byConnection = await api("GET", `/v1/audit?project_id=${tenant.projectId}&connection_id=${id}&limit=1`, { key: tenant.key });
    expect(byConnection.body.data.map((event: { action: string }) => event.action)).toEqual(["connection.delete"]);
    expect(byConnection.body.next_cursor).toBe(byConnection.body.data[0].id);
  });

  it("refuses another project as not found; without project_id answers the caller's own rows only", async () => {
    const [mine, theirs] = await Promise.all([newTenant("audit-mine"), newTenant("audit-theirs")]);
    const foreign = await api("GET", `/v1/audit?project_id=${theirs.projectId}`, { key: mine.key });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("NOT_FOUND");
    const body = { project_id: theirs.projectId, type: "dynamiq.connections.PostgreSQL", config: CONFIG };
    expect((await api("POST", "/v1/connections", { key: theirs.key, body: { ...body, name: "theirs" } })).status).toBe(201);
    expect((await api("POST", "/v1/connections", { key: mine.key, body: { ...body, name: "not mine" } })).status).toBe(404);
    const { id: myKeyId } = await db().accessKey.findFirstOrThrow({ where: { projectId: mine.projectId } });
    const own = await api("GET", "/v1/audit", { key: mine.key });
    expect(own.status, own.text).toBe(200);
    // The refused attempt is the caller's own row, and in no project's log; the other key's create is not listed.
    expect(own.body.data).toMatchObject([{ action: "connection.create", outcome: "error", code: "NOT_FOUND", actor: { id: myKeyId } }]);
  });
});
