import { beforeAll, describe, expect, it } from "vitest";
import { recordFigure, scratchDir, sshKeygen } from "@connections/testkit";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

// The default policy denies cloud metadata addresses; the checks happen before any packet is sent.
const METADATA = "169.254.169.254";

let tenant: Tenant;
let privateKey: string;
beforeAll(async () => {
  tenant = await newTenant("target-policy");
  ({ privateKey } = sshKeygen(scratchDir("policy-keys"), "bastion"));
});

async function create(config: Record<string, unknown>): Promise<string> {
  const response = await api("POST", "/v1/connections", {
    key: tenant.key,
    body: {
      name: `policy-${Math.random().toString(36).slice(2, 8)}`,
      project_id: tenant.projectId,
      type: "dynamiq.connections.PostgreSQL",
      config,
    },
  });
  expect(response.status).toBe(201);
  return response.body.data.id;
}

const db = { port: 5432, database: "analytics", user: "reader", password: "pw" };

describe("the target policy", () => {
  it("refuses a bastion at the cloud metadata address at the dns stage, naming the field and the setting", async () => {
    const id = await create({
      ...db,
      host: "10.0.12.34",
      ssh_tunnel: { host: METADATA, port: 22, user: "dynamiq", private_key: privateKey },
    });
    const response = await api("POST", `/v1/connections/${id}/test`, { key: tenant.key });
    expect(response.status).toBe(200);
    const failed = response.body.data.stages.find((s: { status: string }) => s.status === "failed");
    expect(failed).toMatchObject({
      name: "dns",
      code: "TARGET_DENIED",
      message: expect.stringContaining(`${METADATA} may not be reached`),
      hint: expect.stringMatching(/ssh_tunnel\.host.*CONNECTIONS_ALLOW_TARGETS/),
    });
    expect(response.body.data.stages.filter((s: { status: string }) => s.status === "ok")).toEqual([]);
  });

  it("refuses a direct database at that address for test and for query", async () => {
    const id = await create({ ...db, host: METADATA });
    const test = await api("POST", `/v1/connections/${id}/test`, { key: tenant.key });
    expect(test.body.data.stages.find((s: { status: string }) => s.status === "failed")).toMatchObject({
      name: "dns",
      code: "TARGET_DENIED",
      hint: expect.stringContaining("host"),
    });

    const query = await api("POST", `/v1/connections/${id}/query`, { key: tenant.key, body: { sql: "select 1" } });
    expect(query.status).toBe(502);
    expect(query.body.error).toMatchObject({ code: "DATABASE_UNREACHABLE", details: { stage: "tcp", code: "TARGET_DENIED" } });
  });

  it("also refuses an unsaved config without storing anything", async () => {
    const response = await api("POST", "/v1/connections/test", {
      key: tenant.key,
      body: { type: "dynamiq.connections.PostgreSQL", config: { ...db, host: "fd00:ec2::254" } },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ ok: false });
    expect(response.body.data.stages[0]).toMatchObject({ name: "dns", status: "failed", code: "TARGET_DENIED" });
    recordFigure({
      id: "target policy",
      measure: "metadata and link-local targets (bastion, direct database, unsaved config)",
      value: "all refused with TARGET_DENIED at the dns stage, no stage passed before it",
      target: "denied by default",
    });
  });
});
