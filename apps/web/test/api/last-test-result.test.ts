import { beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@connections/testkit";
import { db, newTenant, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

let tenant: Tenant;

beforeAll(async () => {
  tenant = await newTenant("last-test");
});

async function read(id: string) {
  const response = await api("GET", `/v1/connections/${id}`, { key: tenant.key });
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

describe("a connection's last test result", () => {
  it("is null until tested, then records the failed stage and code without touching updated_at, and resets on edit", async () => {
    // Nothing listens on this loopback port, so the test fails at tcp.
    const config = { host: "127.0.0.1", port: await freePort(), database: "d", user: "u", password: "p" };
    const created = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: { name: "closed-port", project_id: tenant.projectId, type: "dynamiq.connections.PostgreSQL", config },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.data.id as string;
    expect(created.body.data.last_test).toBeNull();

    const before = Date.now();
    const tested = await api("POST", `/v1/connections/${id}/test`, { key: tenant.key });
    expect(tested.body.data.ok).toBe(false);
    const shown = await read(id);
    expect(shown.last_test).toEqual({ ok: false, at: expect.any(String), failed_stage: "tcp", code: "TCP_REFUSED" });
    expect(Date.parse(shown.last_test.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(shown.updated_at).toBe(created.body.data.updated_at);
    const listed = await api("GET", `/v1/connections?project_id=${tenant.projectId}`, { key: tenant.key });
    expect(listed.body.data[0].last_test).toEqual(shown.last_test);

    const edited = await api("PUT", `/v1/connections/${id}`, { key: tenant.key, body: { config: { ...config, password: undefined } } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.data.last_test).toBeNull();
    const row = await db().connection.findUniqueOrThrow({ where: { id } });
    expect([row.lastTestAt, row.lastTestOk, row.lastTestStage, row.lastTestCode]).toEqual([null, null, null, null]);
  });
});
