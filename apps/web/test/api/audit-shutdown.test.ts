import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNextServer, type NextServer } from "@connections/testkit";
import { createConnection } from "../support/connections.ts";
import { db, newTenant, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { RAISED_CALL_LIMITS } from "../support/raised-call-limits.ts";
import { LOOPBACK_CONFIG } from "../support/valid-inputs.ts";

// Audit rows wait up to 250 ms to be written together; a server told to stop writes them first.

let server: NextServer;
let tenant: Tenant;
let id: string;

beforeAll(async () => {
  const { databaseUrl, encryptionKey, webDir } = target();
  server = await startNextServer(webDir, {
    DATABASE_URL: databaseUrl,
    CONNECTIONS_ENCRYPTION_KEY: encryptionKey,
    LOG_LEVEL: "warn",
    ...RAISED_CALL_LIMITS,
  });
  tenant = await newTenant("audit-shutdown");
  id = await createConnection(tenant, "PostgreSQL", LOOPBACK_CONFIG);
});

afterAll(async () => {
  await server?.stop();
});

describe("stopping the server (SPEC §12)", () => {
  it("writes every audit row of the calls answered before SIGTERM, then exits", async () => {
    const calls = 20;
    for (let i = 0; i < calls; i++) {
      const answer = await api("POST", `/v1/connections/${id}/query`, {
        key: tenant.key,
        body: { sql: `select ${i}` },
        baseUrl: server.baseUrl,
      });
      expect(answer.status).toBe(502);
    }
    // At once: the last rows are still waiting for their batch.
    process.kill(server.process.pid, "SIGTERM");
    expect(await server.process.exited).toBe(143);
    const rows = await db().auditEvent.findMany({ where: { connectionId: id, action: "connection.query" }, select: { sql: true } });
    expect(rows.map((row) => row.sql).sort()).toEqual(Array.from({ length: calls }, (_, i) => `select ${i}`).sort());
  });
});
