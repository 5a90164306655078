import { expect } from "vitest";
import type { BastionLab } from "./bastion-lab.ts";
import type { Tenant } from "./fixtures.ts";
import { api } from "./http.ts";

/** Creates a connection through the API and returns its id. */
export async function createConnection(
  tenant: Tenant,
  type: string,
  config: Record<string, unknown>,
  name = `c-${Math.random().toString(36).slice(2, 8)}`,
  fields: { read_only?: boolean } = {},
): Promise<string> {
  const created = await api("POST", "/v1/connections", {
    key: tenant.key,
    body: { name, project_id: tenant.projectId, type: `dynamiq.connections.${type}`, ...fields, config },
  });
  expect(created.status, created.text).toBe(201);
  return created.body.data.id;
}

export async function testConnection(tenant: Tenant, id: string) {
  const response = await api("POST", `/v1/connections/${id}/test`, { key: tenant.key });
  expect(response.status, response.text).toBe(200);
  return response.body.data as {
    ok: boolean;
    stages: Array<{ name: string; status: string; code?: string; hint?: string; message?: string; duration_ms: number }>;
    host_key_fingerprint?: string;
  };
}

export function query(tenant: Tenant, id: string, sql: string, params: unknown[] = [], extra: Record<string, unknown> = {}) {
  return api("POST", `/v1/connections/${id}/query`, { key: tenant.key, body: { sql, params, ...extra } });
}

/**
 * A statement longer than timeout_ms ends with QUERY_TIMEOUT in time (the database's own limit,
 * or ours at timeout_ms + 1 s grace), and the connection works for the next query.
 */
export async function expectQueryTimeout(tenant: Tenant, id: string, slowSql: string): Promise<void> {
  const started = performance.now();
  const slow = await query(tenant, id, slowSql, [], { timeout_ms: 1_000 });
  const elapsed = performance.now() - started;
  expect(slow.status, slow.text).toBe(504);
  expect(slow.body.error).toMatchObject({ code: "QUERY_TIMEOUT", details: { stage: "query", code: "QUERY_TIMEOUT" } });
  // Plus the tunnel, the login and the HTTP round trip.
  expect(elapsed).toBeLessThan(1_000 + 1_000 + 2_000);
  const next = await query(tenant, id, "select 1");
  expect(next.status, next.text).toBe(200);
}

/** The failed stage of a diagnosis, asserting every stage before it passed or was skipped. */
export function failedStage(diagnosis: Awaited<ReturnType<typeof testConnection>>) {
  expect(diagnosis.ok).toBe(false);
  const failed = diagnosis.stages.filter((s) => s.status === "failed");
  expect(failed).toHaveLength(1);
  return failed[0]!;
}

export const ALL_STAGES = ["dns", "tcp", "ssh_handshake", "host_key", "ssh_auth", "forward", "db_tls", "db_auth", "query"];

/**
 * TLS inside the tunnel, checked against the database's real certificate: with the lab's CA every
 * stage passes (db_tls included); with an unrelated CA the test fails at db_tls with a hint naming
 * the CA field. Returns the id of the working connection.
 */
export async function expectCaVerified(
  tenant: Tenant,
  type: string,
  withCa: (caPem: string) => Record<string, unknown>,
  lab: BastionLab,
  caField: string,
): Promise<string> {
  const good = await createConnection(tenant, type, withCa(lab.certificates.ca.pem));
  const diagnosis = await testConnection(tenant, good);
  expect(diagnosis.ok, JSON.stringify(diagnosis.stages)).toBe(true);
  expect(diagnosis.stages.find((s) => s.name === "db_tls")?.status).toBe("ok");
  const bad = await createConnection(tenant, type, withCa(lab.certificates.wrongCa.pem));
  expect(failedStage(await testConnection(tenant, bad))).toMatchObject({
    name: "db_tls",
    code: "DB_TLS_FAILED",
    hint: expect.stringContaining(caField),
  });
  return good;
}
