import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  scratchDir,
  sshKeygen,
  startMariaDb,
  startPostgres,
  startSshd,
  type MariaDbServer,
  type PostgresServer,
  type SshdServer,
} from "@connections/testkit";
import { reachable, tunnelConfig } from "../support/bastion-lab.ts";
import { createConnection, failedStage, query, testConnection } from "../support/connections.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { jumpTunnelConfig, startJumpLab, type JumpLab } from "../support/jump-lab.ts";

// Issue #15 through the server's REST API: service → jump host → bastion → database, each a
// real OpenSSH sshd (or PostgreSQL/MariaDB) in its own network namespace, each reaching only the next.

let lab: JumpLab;
let pg: PostgresServer;
let maria: MariaDbServer;
let tenant: Tenant;
let noForwarding: SshdServer;

// A valid fingerprint of no server in the lab: a pin that can only mismatch.
const OTHER_FINGERPRINT = `SHA256:${"A".repeat(43)}`;

beforeAll(async () => {
  lab = await startJumpLab();
  pg = await startPostgres({ ...lab.db, password: true });
  maria = await startMariaDb({ ...lab.db });
  tenant = await newTenant("jump-hosts");
  noForwarding = await startSshd({
    authorizedKeys: [lab.bastion.key.publicKey],
    allowTcpForwarding: false,
    ...lab.jump.placement,
  });
});

afterAll(async () => {
  await noForwarding?.stop();
  await maria?.stop();
  await pg?.stop();
  await lab?.stop();
});

const pgConfig = (tunnel: Record<string, unknown> = {}) => ({
  host: lab.dbHost,
  port: pg.port,
  ...pg.app!,
  ssh_tunnel: jumpTunnelConfig(lab, tunnel),
});

/** The one jump host, with fields replaced. */
const jumpHost = (fields: Record<string, unknown>) => ({
  host: lab.jump.sshd.host,
  port: lab.jump.sshd.port,
  user: lab.jump.sshd.user,
  ...fields,
});

async function diagnose(tunnel: Record<string, unknown>) {
  const id = await createConnection(tenant, "PostgreSQL", pgConfig(tunnel));
  return testConnection(tenant, id);
}

const hop = (index: number, host: string) => ({ index, host });

describe("queries through a 2-hop chain", () => {
  it("the database and the bastion cannot be reached from the service: only the chain gets there", async () => {
    expect(lab.isolated).toBe(true);
    expect(await reachable(lab.dbHost, pg.port)).toBe(false);
    expect(await reachable(lab.bastion.sshd.host, lab.bastion.sshd.port)).toBe(false);
    const direct = await createConnection(tenant, "PostgreSQL", { host: lab.dbHost, port: pg.port, ...pg.app! });
    expect(failedStage(await testConnection(tenant, direct))).toMatchObject({ name: "tcp" });
    const bastionOnly = await createConnection(tenant, "PostgreSQL", { ...pgConfig(), ssh_tunnel: tunnelConfig(lab.bastion) });
    expect(failedStage(await testConnection(tenant, bastionOnly))).toMatchObject({ name: "tcp", code: "TCP_UNREACHABLE" });
  });

  it("PostgreSQL returns the right rows, served from the database's own namespace", async () => {
    const id = await createConnection(tenant, "PostgreSQL", pgConfig());
    const rows = await query(tenant, id, "select id, name, host(inet_server_addr()) as at from items where id <> $1 order by id", [2]);
    expect(rows.status, rows.text).toBe(200);
    expect(rows.body.data.rows).toEqual([
      [1, "one", lab.dbHost],
      [3, "three", lab.dbHost],
    ]);
    // Each hop is a pooled SSH connection of its own: the jump host's, and the bastion's through it.
    const tunnels = await api("GET", `/v1/tunnels?project_id=${tenant.projectId}`, { key: tenant.key });
    const used = tunnels.body.data.filter((t: { connection_ids: string[] }) => t.connection_ids.includes(id));
    const server = ({ sshd }: typeof lab.jump) => ({ host: sshd.host, port: sshd.port, user: sshd.user });
    expect(used).toHaveLength(2);
    expect(used).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "ssh", state: "connected", bastion: server(lab.jump), hops: [] }),
        expect.objectContaining({ kind: "ssh", state: "connected", bastion: server(lab.bastion), hops: [server(lab.jump)] }),
      ]),
    );
  });

  it("MySQL returns the right rows", async () => {
    const id = await createConnection(tenant, "MySQL", {
      host: lab.dbHost,
      port: maria.port,
      database: maria.database,
      user: maria.user,
      password: maria.password,
      ssh_tunnel: jumpTunnelConfig(lab),
    });
    const rows = await query(tenant, id, "select id, name from items where id <> ? order by id", [2]);
    expect(rows.status, rows.text).toBe(200);
    expect(rows.body.data.rows).toEqual([
      [1, "one"],
      [3, "three"],
    ]);
  });

  it("a jump host with its own key logs in with it; the bastion still gets the tunnel's key", async () => {
    const diagnosis = await diagnose({ jump_hosts: [jumpHost({ private_key: lab.jump.key.privateKey })] });
    expect(diagnosis.ok, JSON.stringify(diagnosis.stages)).toBe(true);
  });
});

describe("the test walks every hop, each stage marked with its hop", () => {
  it("repeats dns to ssh_auth for the jump host and the bastion, forwards from the bastion, and reports each host key", async () => {
    const diagnosis = await diagnose({});
    expect(diagnosis.ok, JSON.stringify(diagnosis.stages)).toBe(true);
    const jump = hop(1, lab.jump.sshd.host);
    const bastion = hop(2, lab.bastion.sshd.host);
    const perHop = ["dns", "tcp", "ssh_handshake", "host_key", "ssh_auth"];
    expect(diagnosis.stages.map((s) => [s.name, (s as { hop?: unknown }).hop ?? null, s.status])).toEqual([
      ...perHop.map((name) => [name, jump, "ok"]),
      ...perHop.map((name) => [name, bastion, "ok"]),
      ["forward", bastion, "ok"],
      ["db_tls", null, "skipped"],
      ["db_auth", null, "ok"],
      ["query", null, "ok"],
    ]);
    expect(diagnosis).toMatchObject({
      host_key_fingerprint: lab.bastion.sshd.hostKeyFingerprint,
      jump_host_key_fingerprints: [lab.jump.sshd.hostKeyFingerprint],
    });
  });
});

describe("each hop's failure is reported at its stage with its hop", () => {
  const unknownName = `${"j".repeat(64)}.example`;

  it("an unknown jump host name fails at hop 1's dns", async () => {
    const failed = failedStage(await diagnose({ jump_hosts: [jumpHost({ host: unknownName })] }));
    expect(failed).toMatchObject({ name: "dns", hop: hop(1, unknownName), code: "DNS_FAILED" });
    expect(failed.hint).toContain("ssh_tunnel.jump_hosts.0.host");
  });

  it("an unknown bastion name fails at hop 2's dns, as the jump host resolves it", async () => {
    const failed = failedStage(await diagnose({ host: unknownName }));
    expect(failed).toMatchObject({ name: "dns", hop: hop(2, unknownName), code: "DNS_FAILED" });
    expect(failed.message).toContain("jump host 1");
    expect(failed.hint).toContain("ssh_tunnel.host");
  });

  it("a closed jump host port fails at hop 1's tcp", async () => {
    const failed = failedStage(await diagnose({ jump_hosts: [jumpHost({ port: 2 })] }));
    expect(failed).toMatchObject({ name: "tcp", hop: hop(1, lab.jump.sshd.host), code: "TCP_REFUSED" });
    expect(failed.hint).toContain("ssh_tunnel.jump_hosts.0.port");
  });

  it("a closed bastion port fails at hop 2's tcp, refused to the jump host", async () => {
    const failed = failedStage(await diagnose({ port: 2 }));
    expect(failed).toMatchObject({ name: "tcp", hop: hop(2, lab.bastion.sshd.host), code: "TCP_REFUSED" });
    expect(failed.hint).toContain("from jump host 1");
  });

  it("a changed jump host key fails at hop 1's host_key, before the bastion is contacted", async () => {
    const before = lab.bastion.sshd.connectionCount();
    const failed = failedStage(await diagnose({ jump_hosts: [jumpHost({ host_key_fingerprint: OTHER_FINGERPRINT })] }));
    expect(failed).toMatchObject({ name: "host_key", hop: hop(1, lab.jump.sshd.host), code: "HOST_KEY_MISMATCH" });
    expect(failed.hint).toContain("ssh_tunnel.jump_hosts.0.host_key_fingerprint");
    expect(lab.bastion.sshd.connectionCount()).toBe(before);
  });

  it("a changed bastion key fails at hop 2's host_key", async () => {
    const failed = failedStage(await diagnose({ host_key_fingerprint: OTHER_FINGERPRINT }));
    expect(failed).toMatchObject({ name: "host_key", hop: hop(2, lab.bastion.sshd.host), code: "HOST_KEY_MISMATCH" });
    expect(failed.hint).toContain("ssh_tunnel.host_key_fingerprint");
  });

  it("a key the jump host does not know fails at hop 1's ssh_auth", async () => {
    const stranger = sshKeygen(scratchDir("jump-stranger"), "stranger");
    const failed = failedStage(await diagnose({ jump_hosts: [jumpHost({ private_key: stranger.privateKey })] }));
    expect(failed).toMatchObject({ name: "ssh_auth", hop: hop(1, lab.jump.sshd.host), code: "SSH_AUTH_FAILED" });
    expect(failed.hint).toContain("ssh_tunnel.jump_hosts.0.user");
  });

  it("a key the bastion does not know fails at hop 2's ssh_auth (the jump host accepted it)", async () => {
    const failed = failedStage(await diagnose({ private_key: lab.jump.key.privateKey }));
    expect(failed).toMatchObject({ name: "ssh_auth", hop: hop(2, lab.bastion.sshd.host), code: "SSH_AUTH_FAILED" });
  });

  it("a jump host that may not forward is named at its own hop, with the forwarding it must allow", async () => {
    const failed = failedStage(
      await diagnose({ jump_hosts: [{ host: noForwarding.host, port: noForwarding.port, user: noForwarding.user }] }),
    );
    expect(failed).toMatchObject({ name: "forward", hop: hop(1, noForwarding.host), code: "FORWARD_PROHIBITED" });
    expect(failed.message).toContain(`${lab.bastion.sshd.host}:${lab.bastion.sshd.port}`);
    expect(failed.hint).toContain(`Allow it on jump host 1`);
    expect(failed.hint).toContain(`${lab.bastion.sshd.host}:${lab.bastion.sshd.port}`);
  });
});

describe("losing a hop", () => {
  it("killing the jump host mid-query fails the query with TUNNEL_LOST naming hop 1 within 2 s; the next query works once it is back", async () => {
    const id = await createConnection(tenant, "PostgreSQL", pgConfig());
    expect((await query(tenant, id, "select 1")).status).toBe(200);
    const slow = query(tenant, id, "select pg_sleep(10)");
    // The query is running on the database once its backend shows it.
    const watcher = await createConnection(tenant, "PostgreSQL", pgConfig());
    await expect
      .poll(
        async () =>
          (
            await query(
              tenant,
              watcher,
              "select count(*)::int from pg_stat_activity where query like '%pg_sleep(10)%' and pid <> pg_backend_pid()",
            )
          ).body.data?.rows?.[0]?.[0],
        {
          timeout: 5_000,
        },
      )
      .toBe(1);
    const killedAt = performance.now();
    await lab.jump.sshd.kill();
    const failed = await slow;
    const elapsed = performance.now() - killedAt;
    expect(failed.status, failed.text).toBe(502);
    expect(failed.body.error).toMatchObject({ details: { code: "TUNNEL_LOST", hop: hop(1, lab.jump.sshd.host) } });
    expect(failed.body.error.message).toContain("jump host 1");
    expect(elapsed).toBeLessThan(2_000);
    await lab.jump.sshd.restart();
    const next = await query(tenant, id, "select 42");
    expect(next.status, next.text).toBe(200);
    expect(next.body.data.rows).toEqual([[42]]);
  });

  it("losing only the bastion keeps the jump host's connection: the next call rebuilds the bastion alone", async () => {
    const id = await createConnection(tenant, "PostgreSQL", pgConfig());
    expect((await query(tenant, id, "select 1")).status).toBe(200);
    const jumpConnections = lab.jump.sshd.connectionCount();
    await lab.bastion.sshd.kill();
    await lab.bastion.sshd.restart();
    const next = await query(tenant, id, "select 2");
    expect(next.status, next.text).toBe(200);
    expect(lab.jump.sshd.connectionCount()).toBe(jumpConnections);
  });

  it("a connection's pins are written per hop on first success", async () => {
    const id = await createConnection(tenant, "PostgreSQL", pgConfig());
    expect((await testConnection(tenant, id)).ok).toBe(true);
    const stored = await api("GET", `/v1/connections/${id}`, { key: tenant.key });
    expect(stored.body.data.config.ssh_tunnel).toMatchObject({
      host_key_fingerprint: lab.bastion.sshd.hostKeyFingerprint,
      jump_hosts: [{ host: lab.jump.sshd.host, host_key_fingerprint: lab.jump.sshd.hostKeyFingerprint }],
    });
  });
});
