import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "@connections/api";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { reachable, startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { createConnection, expectQueryTimeout, failedStage, query, testConnection } from "../support/connections.ts";
import { newTenant, projectSnapshot, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { expectReadOnlyEnforced } from "../support/read-only.ts";

let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;

beforeAll(async () => {
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true, tls: lab.certificates.serverTls });
  tenant = await newTenant("pg-tunnel");
});

afterAll(async () => {
  await pg?.stop();
  await lab?.stop();
});

const base = () => ({ host: lab.dbHost, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password });

describe("PostgreSQL through a real OpenSSH bastion", () => {
  it("is unreachable directly, so the tunnel is really used", async () => {
    if (!lab.isolated) return expect(lab.isolated).toBe(false);
    expect(await reachable(lab.dbHost, pg.port)).toBe(false);
  });

  it("passes every stage, pins the host key, and answers a parameterised query", async () => {
    const id = await createConnection(tenant, "PostgreSQL", { ...base(), ssh_tunnel: tunnelConfig(lab) });
    const diagnosis = await testConnection(tenant, id);
    expect(diagnosis.stages.map((s) => [s.name, s.status])).toEqual([
      ["dns", "ok"],
      ["tcp", "ok"],
      ["ssh_handshake", "ok"],
      ["host_key", "ok"],
      ["ssh_auth", "ok"],
      ["forward", "ok"],
      ["db_tls", "skipped"],
      ["db_auth", "ok"],
      ["query", "ok"],
    ]);
    expect(diagnosis.ok).toBe(true);
    expect(diagnosis.host_key_fingerprint).toBe(lab.sshd.hostKeyFingerprint);

    const result = await query(tenant, id, "select id, name from items where id >= $1 order by id", [2]);
    expect(result.status, result.text).toBe(200);
    expect(result.body.data).toMatchObject({
      columns: [
        { name: "id", type: "integer" },
        { name: "name", type: "text" },
      ],
      row_count: 2,
      truncated: false,
    });
    expect(result.body.data.rows.map((r: unknown[]) => r[0])).toEqual([2, 3]);

    const stored = await api("GET", `/v1/connections/${id}`, { key: tenant.key });
    expect(stored.body.data.config.ssh_tunnel.host_key_fingerprint).toBe(lab.sshd.hostKeyFingerprint);
  });

  it("verify-full succeeds against the database's real certificate; a wrong CA fails at db_tls", async () => {
    const ssl = { mode: "verify-full", ca: lab.certificates.ca.pem };
    const good = await createConnection(tenant, "PostgreSQL", { ...base(), ssl, ssh_tunnel: tunnelConfig(lab) });
    const diagnosis = await testConnection(tenant, good);
    expect(diagnosis.stages.find((s) => s.name === "db_tls")).toMatchObject({ status: "ok" });
    expect(diagnosis.ok).toBe(true);
    const result = await query(tenant, good, "select ssl from pg_stat_ssl where pid = pg_backend_pid()");
    expect(result.body.data.rows).toEqual([[true]]);

    const bad = await createConnection(tenant, "PostgreSQL", {
      ...base(),
      ssl: { ...ssl, ca: lab.certificates.wrongCa.pem },
      ssh_tunnel: tunnelConfig(lab),
    });
    const failed = failedStage(await testConnection(tenant, bad));
    expect(failed).toMatchObject({ name: "db_tls", code: "DB_TLS_FAILED", hint: expect.stringContaining("ssl.ca") });
  });

  it("a wrong database password fails at db_auth; an SQL error fails the query with the database's message", async () => {
    const wrong = await createConnection(tenant, "PostgreSQL", { ...base(), password: "not-the-password", ssh_tunnel: tunnelConfig(lab) });
    expect(failedStage(await testConnection(tenant, wrong))).toMatchObject({
      name: "db_auth",
      code: "DB_AUTH_FAILED",
      hint: expect.stringContaining("password"),
    });

    const id = await createConnection(tenant, "PostgreSQL", { ...base(), ssh_tunnel: tunnelConfig(lab) });
    const result = await query(tenant, id, "select * from no_such_table");
    expect(result.status).toBe(422);
    expect(result.body.error).toMatchObject({
      code: "QUERY_FAILED",
      message: expect.stringContaining("no_such_table"),
      details: { stage: "query", code: "QUERY_FAILED" },
    });
  });

  it("a query longer than timeout_ms ends with QUERY_TIMEOUT, and the next query works", async () => {
    const id = await createConnection(tenant, "PostgreSQL", { ...base(), ssh_tunnel: tunnelConfig(lab) });
    await expectQueryTimeout(tenant, id, "select pg_sleep(5)");
  });

  it("on a read-only connection refuses INSERT, CREATE and DROP with READ_ONLY_VIOLATION, also after an escape, and changes nothing; SELECT works", async () => {
    await expectReadOnlyEnforced(
      tenant,
      "PostgreSQL",
      { ...base(), ssh_tunnel: tunnelConfig(lab) },
      {
        paramQuery: { sql: "SELECT id, name FROM items WHERE id >= $1 ORDER BY id", params: [2], ids: [2, 3] },
        moreWrites: ["UPDATE items SET name = 'written'", "WITH gone AS (DELETE FROM items RETURNING id) SELECT count(*) FROM gone"],
        readOnlyEscapes: [
          "SET default_transaction_read_only = off",
          "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
          "SELECT set_config('default_transaction_read_only', 'off', false)",
          "SELECT set_config('transaction_read_only', 'off', true)",
          "BEGIN READ WRITE",
          "RESET ALL",
        ],
      },
    );
  });

  it("caps rows at max_rows and says so", async () => {
    const id = await createConnection(tenant, "PostgreSQL", { ...base(), ssh_tunnel: tunnelConfig(lab) });
    const result = await query(tenant, id, "select g from generate_series(1, 5000) g", [], { max_rows: 10 });
    expect(result.body.data).toMatchObject({ row_count: 10, truncated: true });
    expect(result.body.data.rows).toHaveLength(10);

    const exact = await query(tenant, id, "select g from generate_series(1, 10) g", [], { max_rows: 10 });
    expect(exact.body.data).toMatchObject({ row_count: 10, truncated: false });
    const oneOver = await query(tenant, id, "select g from generate_series(1, 11) g", [], { max_rows: 10 });
    expect(oneOver.body.data).toMatchObject({ row_count: 10, truncated: true });
    expect(oneOver.body.data.rows.at(-1)).toEqual([10]);
  });

  it("tests an unsaved config through the tunnel without storing anything", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const response = await api("POST", "/v1/connections/test", {
      key: tenant.key,
      body: { type: "dynamiq.connections.PostgreSQL", project_id: tenant.projectId, config: { ...base(), ssh_tunnel: tunnelConfig(lab) } },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ ok: true, host_key_fingerprint: lab.sshd.hostKeyFingerprint });
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("answers the same test and query through tRPC", async () => {
    const trpc = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${target().baseUrl}/api/trpc`, headers: { authorization: `Bearer ${tenant.key}` } })],
    });
    const id = await createConnection(tenant, "PostgreSQL", { ...base(), ssh_tunnel: tunnelConfig(lab) });
    expect((await trpc.connection.test.mutate({ id })).ok).toBe(true);
    const result = await trpc.connection.query.mutate({ id, sql: "select name from items where id = $1", params: [3] });
    expect(result.rows).toEqual([["three"]]);
    await expect(trpc.connection.query.mutate({ id, sql: "select 1/0" })).rejects.toMatchObject({
      data: { appCode: "QUERY_FAILED", httpStatus: 422 },
    });
  });
});
