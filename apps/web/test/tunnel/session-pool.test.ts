import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryInputSchema, type QueryResult } from "@connections/core";
import { deleteConnection, queryConnection, testConnection, updateConnection, type Principal } from "@connections/api";
import {
  delay,
  startClickHouse,
  startMariaDb,
  startPostgres,
  waitFor,
  type ClickHouseServer,
  type MariaDbServer,
  type PostgresServer,
} from "@connections/testkit";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { createConnection } from "../support/connections.ts";
import { newTenant, services, type Tenant } from "../support/fixtures.ts";

// SPEC §13 against real databases behind a real bastion: queries reuse a logged-in session, the
// session is reset between callers, and any change, failure or lost tunnel retires it. Runs the
// services in this process (the server's own code), so the pool's counts can be read.

let lab: BastionLab;
let pg: PostgresServer;
let maria: MariaDbServer;
let clickhouse: ClickHouseServer;
let tenant: Tenant;
let principal: Principal;

const pgConfig = () => ({
  host: lab.dbHost,
  port: pg.port,
  database: "connections",
  user: "postgres",
  password: "unused-with-trust",
  ssh_tunnel: tunnelConfig(lab),
});

beforeAll(async () => {
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db });
  maria = await startMariaDb({ ...lab.db });
  clickhouse = await startClickHouse({ ...lab.db });
  tenant = await newTenant("session-pool");
  principal = { kind: "access_key", id: "session-pool", projectIds: [tenant.projectId] };
});

afterAll(async () => {
  services().sessions.closeAll();
  services().tunnels.closeAll();
  await clickhouse?.stop();
  await maria?.stop();
  await pg?.stop();
  await lab?.stop();
});

const run = (id: string, sql: string, extra: Record<string, unknown> = {}): Promise<QueryResult> =>
  queryConnection(services(), principal, id, queryInputSchema.parse({ sql, ...extra }));
const first = async (id: string, sql: string, extra: Record<string, unknown> = {}) => (await run(id, sql, extra)).rows[0]?.[0];
const sessionsOf = (id: string) => services().sessions.stats(`connection:${id}`);

/** Whether PostgreSQL still has the backend, asked on another session. */
async function pgBackendAlive(id: string, pid: unknown): Promise<boolean> {
  return (await first(id, `SELECT count(*)::int FROM pg_stat_activity WHERE pid = ${Number(pid)}`)) === 1;
}

describe("PostgreSQL sessions, pooled through the bastion", () => {
  let id: string;
  beforeAll(async () => {
    id = await createConnection(tenant, "PostgreSQL", pgConfig());
  });

  it("a second query reuses the first one's session (no new login)", async () => {
    const pid = await first(id, "SELECT pg_backend_pid()");
    expect(await first(id, "SELECT pg_backend_pid()")).toBe(pid);
    expect(sessionsOf(id)).toMatchObject({ sessions: 1 });
  });

  it("a SET search_path, a custom setting, a temporary table and statement_timeout do not reach the next caller", async () => {
    const pid = await first(id, "SELECT pg_backend_pid()");
    const defaultPath = await first(id, "SHOW search_path");
    await run(id, "SET search_path TO pg_catalog");
    await run(id, "SET connections.leak = 'from the last caller'");
    await run(id, "CREATE TEMP TABLE leaked_rows (x int)");
    await run(id, "SET statement_timeout = 1234");
    expect(await first(id, "SELECT pg_backend_pid()")).toBe(pid);
    expect(await first(id, "SHOW search_path")).toBe(defaultPath);
    expect(await first(id, "SELECT coalesce(current_setting('connections.leak', true), '')")).toBe("");
    expect(await first(id, "SELECT to_regclass('pg_temp.leaked_rows')::text")).toBeNull();
    // The call's own timeout_ms applies, not the last caller's.
    expect(await first(id, "SELECT current_setting('statement_timeout')", { timeout_ms: 20_000 })).toBe("20s");
    expect(await first(id, "SELECT pg_backend_pid()")).toBe(pid);
  });

  it("a session left inside a transaction is closed, not lent with the transaction open", async () => {
    const pid = await first(id, "SELECT pg_backend_pid()");
    await run(id, "BEGIN");
    expect(await first(id, "SELECT pg_backend_pid()")).not.toBe(pid);
    await waitFor("the session in a transaction to be closed", async () => !(await pgBackendAlive(id, pid)), 5_000);
  });

  it("a failed statement and a timed-out one destroy their session; the next call gets a new one", async () => {
    const pid = await first(id, "SELECT pg_backend_pid()");
    await expect(run(id, "SELECT * FROM no_such_table")).rejects.toMatchObject({ code: "QUERY_FAILED" });
    const afterFailure = await first(id, "SELECT pg_backend_pid()");
    expect(afterFailure).not.toBe(pid);
    await expect(run(id, "SELECT pg_sleep(5)", { timeout_ms: 300 })).rejects.toMatchObject({ code: "QUERY_TIMEOUT" });
    const afterTimeout = await first(id, "SELECT pg_backend_pid()");
    expect(afterTimeout).not.toBe(afterFailure);
    await waitFor("the failed session's backend to exit", async () => !(await pgBackendAlive(id, afterFailure)), 5_000);
  });

  it("at most 4 sessions serve 16 concurrent queries", async () => {
    const pids = await Promise.all(Array.from({ length: 16 }, () => first(id, "SELECT pg_backend_pid() FROM pg_sleep(0.05)")));
    expect(new Set(pids).size).toBeLessThanOrEqual(4);
    expect(sessionsOf(id).sessions).toBeLessThanOrEqual(4);
  });

  it("a test-connection never uses a pooled session: it logs in afresh and leaves the pool as it was", async () => {
    await first(id, "SELECT 1");
    const before = sessionsOf(id).sessions;
    const diagnosis = await testConnection(services(), principal, id);
    expect(diagnosis.ok).toBe(true);
    expect(diagnosis.stages.find((s) => s.name === "db_auth")).toMatchObject({ status: "ok" });
    expect(sessionsOf(id).sessions).toBe(before);
  });

  it("changing the config closes the idle sessions at once; the next query logs in with the new config", async () => {
    const pid = await first(id, "SELECT pg_backend_pid()");
    await updateConnection(services(), principal, id, { config: { ...pgConfig(), database: "postgres" } });
    expect(sessionsOf(id)).toMatchObject({ sessions: 0 });
    expect(await first(id, "SELECT current_database()")).toBe("postgres");
    await waitFor("the retired session's backend to exit", async () => !(await pgBackendAlive(id, pid)), 5_000);
  });

  it("a lost tunnel retires the sessions over it; the next query reconnects and gets a new session", async () => {
    const pid = await first(id, "SELECT pg_backend_pid()");
    await lab.sshd.kill();
    await waitFor("the tunnel's loss to be noticed", async () => services().tunnels.stats().connections === 0, 5_000);
    await lab.sshd.restart();
    expect(await first(id, "SELECT pg_backend_pid()")).not.toBe(pid);
    // The sessions over the lost tunnel were closed, not kept beside the new one.
    expect(sessionsOf(id)).toMatchObject({ sessions: 1 });
  });

  it("deleting the connection closes its sessions", async () => {
    const other = await createConnection(tenant, "PostgreSQL", pgConfig());
    const pid = await first(other, "SELECT pg_backend_pid()");
    await deleteConnection(services(), principal, other);
    expect(sessionsOf(other)).toEqual({ keys: 0, sessions: 0, idle: 0 });
    await waitFor("the deleted connection's backend to exit", async () => !(await pgBackendAlive(id, pid)), 5_000);
  });
});

describe("MySQL sessions, pooled through the bastion", () => {
  let id: string;
  beforeAll(async () => {
    id = await createConnection(tenant, "MySQL", {
      host: lab.dbHost,
      port: maria.port,
      database: maria.database,
      user: maria.user,
      password: maria.password,
      ssh_tunnel: tunnelConfig(lab),
    });
  });

  it("reuses the session, and a user variable, a session setting and a temporary table do not reach the next caller", async () => {
    const connectionId = await first(id, "SELECT CONNECTION_ID()");
    const defaultMode = await first(id, "SELECT @@SESSION.sql_mode");
    await run(id, "SET @leak = 'from the last caller'");
    await run(id, "SET SESSION sql_mode = 'ANSI_QUOTES'");
    await run(id, "CREATE TEMPORARY TABLE leaked_rows (x int)");
    expect(await first(id, "SELECT CONNECTION_ID()")).toBe(connectionId);
    expect(await first(id, "SELECT @leak")).toBeNull();
    expect(await first(id, "SELECT @@SESSION.sql_mode")).toBe(defaultMode);
    await expect(run(id, "SELECT * FROM leaked_rows")).rejects.toMatchObject({ code: "QUERY_FAILED" });
    // That failure destroyed the session.
    expect(await first(id, "SELECT CONNECTION_ID()")).not.toBe(connectionId);
  });

  it("a timed-out query's session is destroyed", async () => {
    const connectionId = await first(id, "SELECT CONNECTION_ID()");
    await expect(run(id, "SELECT SLEEP(5)", { timeout_ms: 300 })).rejects.toMatchObject({ code: "QUERY_TIMEOUT" });
    expect(await first(id, "SELECT CONNECTION_ID()")).not.toBe(connectionId);
  });
});

describe("ClickHouse over keep-alive HTTP through the bastion", () => {
  it("keeps one session whose HTTP requests share one kept-alive channel", async () => {
    const id = await createConnection(tenant, "ClickHouse", {
      host: lab.dbHost,
      port: clickhouse.httpPort,
      database: clickhouse.database,
      user: clickhouse.user,
      password: clickhouse.password,
      ssh_tunnel: tunnelConfig(lab),
    });
    expect(await first(id, "SELECT 1")).toBe(1);
    const channels = services().tunnels.stats().channels;
    for (let i = 0; i < 5; i++) expect(await first(id, "SELECT number FROM system.numbers LIMIT 1")).toBe("0");
    expect(services().tunnels.stats().channels).toBe(channels);
    expect(sessionsOf(id)).toMatchObject({ sessions: 1 });
    // Past ClickHouse's keep-alive timeout (3 s) the idle connection is closed (by the server, or
    // first by the client's idle-socket TTL); the kept session opens a new one rather than failing.
    await delay(4_000);
    expect(await first(id, "SELECT 2")).toBe(2);
    expect(sessionsOf(id)).toMatchObject({ sessions: 1 });
  });
});
