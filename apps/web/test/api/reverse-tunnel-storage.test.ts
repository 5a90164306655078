import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { createConnection, testConnection } from "../support/connections.ts";
import { db, newTenant, projectSnapshot, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

// Reverse connections on each database provider (this file runs in the api and api-postgres
// projects), on a server whose agent endpoint is off: the agent key is registered once, freed by a
// delete, and a reverse connection says plainly that it cannot be served here.
const dir = scratchDir("reverse-storage");
const key = sshKeygen(dir, "agent");
const config = (authorizedKey: string) => ({
  host: "db.customer.internal",
  database: "app",
  user: "reader",
  password: "reverse-storage-password",
  ssh_tunnel: { mode: "reverse", authorized_key: authorizedKey },
});
let tenant: Tenant;

beforeAll(async () => {
  tenant = await newTenant("reverse-storage");
});

describe("reverse connections in storage", () => {
  it("registers the key once: a second connection gets 409 on the key's field and nothing is stored", async () => {
    const id = await createConnection(tenant, "PostgreSQL", config(key.publicKey), "first");
    const before = await projectSnapshot(tenant.projectId);
    const second = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: { name: "second", project_id: tenant.projectId, type: "dynamiq.connections.PostgreSQL", config: config(key.publicKey) },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.details).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.authorized_key", code: "INVALID_VALUE" }),
    ]);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
    expect(await db().agentKey.count({ where: { connectionId: id } })).toBe(1);

    expect((await api("DELETE", `/v1/connections/${id}`, { key: tenant.key })).status).toBe(204);
    expect(await db().agentKey.count({ where: { connectionId: id } })).toBe(0);
    await createConnection(tenant, "PostgreSQL", config(key.publicKey), "second");
  });

  it("with the endpoint off: no command to run, and a test that says why at the agent stage", async () => {
    const other = sshKeygen(dir, "other");
    const id = await createConnection(tenant, "PostgreSQL", config(other.publicKey), "off");
    const read = await api("GET", `/v1/connections/${id}`, { key: tenant.key });
    expect(read.body.data.config.ssh_tunnel).toMatchObject({
      mode: "reverse",
      agent_command: null,
      known_hosts_line: null,
      agent_status: { connected: false, agents: 0 },
    });
    const diagnosis = await testConnection(tenant, id);
    expect(diagnosis.stages[0]).toMatchObject({
      name: "agent",
      status: "failed",
      code: "AGENT_OFFLINE",
      hint: expect.stringContaining("CONNECTIONS_AGENT_SSH_PORT"),
    });
  });
});
