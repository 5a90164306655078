import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicReverseTunnel } from "@connections/core";
import { freePort, scratchDir, sshKeygen, startPostgres, waitFor, type PostgresServer, type RunningProcess } from "@connections/testkit";
import { DEFAULT_KEEPALIVE } from "@connections/tunnel";
import { expectRefusedUnchanged } from "./support/expect-refusal.ts";
import { runPrintedAgent } from "./support/printed-agent.ts";
import { reverseView } from "./support/tunnel-views.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";

// The service's side of reverse tunnels on loopback: its endpoint, a real OpenSSH agent and a real
// PostgreSQL. The namespace lab (the database unreachable but through the agent) is in
// apps/web/test/tunnel/reverse-tunnels.test.ts.
const dir = scratchDir("reverse-service");
const agentKey = sshKeygen(dir, "agent");
const otherKey = sshKeygen(dir, "other");
const chatKey = sshKeygen(dir, "chat");
const closedKey = sshKeygen(dir, "closed");
const PG = "dynamiq.connections.PostgreSQL";
let services: ScratchServices;
let postgres: PostgresServer;
let tenant: Tenant;
let api: Caller;
let port: number;
const agents: RunningProcess[] = [];

function databaseConfig(authorizedKey = agentKey.publicKey) {
  const app = postgres.app!;
  return {
    host: "127.0.0.1",
    port: postgres.port,
    database: app.database,
    user: app.user,
    password: app.password,
    ssh_tunnel: { mode: "reverse" as const, authorized_key: authorizedKey },
  };
}

function runAgent(tunnel: PublicReverseTunnel, key = agentKey): RunningProcess {
  const agent = runPrintedAgent(tunnel, key.path, dir, `agent-${agents.length}`);
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  port = await freePort();
  [postgres, services] = await Promise.all([
    startPostgres({ password: true }),
    openScratchServices({ agents: { CONNECTIONS_AGENT_SSH_PORT: String(port), CONNECTIONS_AGENT_HOST: "127.0.0.1" } }),
  ]);
  await services.agents.start(services.db, services.keyring, DEFAULT_KEEPALIVE);
  tenant = await newTenant(services, "reverse");
  api = callerFor(services, tenant.keyPrincipal);
});
afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop()));
  await services?.close();
  await postgres?.stop();
});

describe("a reverse tunnel through the service's own endpoint", () => {
  let id: string;
  let tunnel: PublicReverseTunnel;

  it("stores only the agent's public key and shows the command, the host key line and the status", async () => {
    const created = await api.connection.create({ name: "pg-reverse", project_id: tenant.projectId, type: PG, config: databaseConfig() });
    id = created.id;
    tunnel = reverseView(created.config);
    expect(tunnel).toEqual({
      mode: "reverse",
      authorized_key: agentKey.publicKey,
      authorized_key_fingerprint: expect.stringMatching(/^SHA256:/),
      agent_command: `ssh -N -o ExitOnForwardFailure=yes -o ServerAliveInterval=15 -i ~/.ssh/connections_agent -p ${port} -R ${postgres.port}:127.0.0.1:${postgres.port} tunnel@127.0.0.1`,
      known_hosts_line: expect.stringMatching(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${port} ssh-ed25519 AAAA[A-Za-z0-9+/=]+$`)),
      agent_status: { connected: false, since: null, remote_address: null, agents: 0 },
    });
    const row = await services.db.connection.findUniqueOrThrow({ where: { id } });
    expect(Object.keys(JSON.parse(row.secrets) as object)).toEqual(["password"]);
    expect(`${row.config}${row.secrets}`).not.toMatch(/PRIVATE KEY/);
    const setting = await services.db.setting.findUniqueOrThrow({ where: { key: "agent.host_key" } });
    expect(setting.value).not.toMatch(/PRIVATE KEY/);
    expect(JSON.stringify(created)).not.toContain(setting.value);
  });

  it("without an agent, the test fails at the agent stage with the command as its hint", async () => {
    const diagnosis = await api.connection.test({ id });
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.stages.map((s) => [s.name, s.status])).toEqual([
      ["agent", "failed"],
      ["forward", "skipped"],
      ["db_tls", "skipped"],
      ["db_auth", "skipped"],
      ["query", "skipped"],
    ]);
    expect(diagnosis.stages[0]).toMatchObject({ code: "AGENT_OFFLINE", hint: expect.stringContaining(tunnel.agent_command!) });
    expect((await api.connection.byId({ id })).last_test).toMatchObject({ ok: false, failed_stage: "agent", code: "AGENT_OFFLINE" });
    await expect(api.connection.query({ id, sql: "SELECT 1" })).rejects.toMatchObject({
      cause: { code: "DATABASE_UNREACHABLE", details: { stage: "agent", code: "AGENT_OFFLINE", hint: expect.stringContaining("ssh -N") } },
    });
  });

  it("with the printed agent running, test and a parameterised query pass through it", async () => {
    runAgent(tunnel);
    await waitFor("the agent", async () => (await api.connection.agentStatus({ id })).connected, 15_000);
    expect(await api.connection.agentStatus({ id })).toMatchObject({ connected: true, remote_address: "127.0.0.1", agents: 1 });
    const diagnosis = await api.connection.test({ id });
    expect(diagnosis.stages.map((s) => [s.name, s.status])).toEqual([
      ["agent", "ok"],
      ["forward", "ok"],
      ["db_tls", "skipped"],
      ["db_auth", "ok"],
      ["query", "ok"],
    ]);
    const result = await api.connection.query({ id, sql: "SELECT name FROM items WHERE id > $1 ORDER BY id", params: [1] });
    expect(result.rows).toEqual([["two"], ["three"]]);
  });

  it("a query in flight when its agent dies fails at once with TUNNEL_LOST; a restarted agent serves the next", async () => {
    // Its failure is caught as it happens: the agent is stopped while nothing awaits the query yet.
    const running = api.connection.query({ id, sql: "SELECT pg_sleep(5)", timeout_ms: 30_000 }).then(
      (result) => result,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await agents[0]!.stop();
    expect(await running).toMatchObject({ cause: { details: { code: "TUNNEL_LOST", hint: expect.stringContaining("agent") } } });
    expect(Date.now() - started).toBeLessThan(5_000);
    runAgent(tunnel);
    await waitFor("the restarted agent", async () => (await api.connection.agentStatus({ id })).connected, 15_000);
    expect((await api.connection.query({ id, sql: "SELECT 1 AS one" })).rows).toEqual([[1]]);
  });

  it("refuses a second connection with the same agent key, on its field, storing nothing", async () => {
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.create({ name: "pg-reverse-2", project_id: tenant.projectId, type: PG, config: databaseConfig() }),
      "CONFLICT",
      ["config.ssh_tunnel.authorized_key"],
    );
  });

  it("refuses a key that only looks like one, and treats the mode as a destination of the password", async () => {
    const truncated = `${otherKey.publicKey.split(" ").slice(0, 1).join(" ")} AAAAC3NzaC1lZDI1NTE5`;
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.create({ name: "pg-bad-key", project_id: tenant.projectId, type: PG, config: databaseConfig(truncated) }),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.authorized_key"],
    );
    const { password: _, ...withoutPassword } = databaseConfig();
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.update({ id, config: { ...withoutPassword, ssh_tunnel: { host: "bastion.internal", user: "u" } } }),
      "SECRETS_REQUIRED",
      ["config.password"],
    );
  });

  it("a new key ends the old key's agents, and the connection is offline until the new agent runs", async () => {
    const agent = agents.at(-1);
    const { password: _, ...withoutPassword } = databaseConfig(otherKey.publicKey);
    await expectRefusedUnchanged(services.db, () => api.connection.update({ id, config: withoutPassword }), "SECRETS_REQUIRED", [
      "config.password",
    ]);
    await api.connection.update({ id, config: databaseConfig(otherKey.publicKey) });
    expect(await agent!.exited).not.toBe(0);
    expect(await api.connection.agentStatus({ id })).toMatchObject({ connected: false, agents: 0 });
  });

  it("serves a chat connector the same way: its own key, its own agent", async () => {
    const chat = callerFor(services, tenant.user);
    const created = await chat.chatConnector.create({ name: "chat-reverse", type: PG, config: databaseConfig(chatKey.publicKey) });
    const view = reverseView(created.config);
    runAgent(view, chatKey);
    await waitFor("the chat agent", async () => (await chat.chatConnector.agentStatus({ id: created.id })).connected, 15_000);
    const answer = await chat.chatConnector.run({ id: created.id, text: "SELECT name FROM items WHERE id = 3" });
    expect(answer.rows).toEqual([["three"]]);
    await chat.chatConnector.delete({ id: created.id });
    expect(await agents.at(-1)!.exited).not.toBe(0);
  });

  it("an agent that cannot reach the database fails the forward stage, naming the agent's network", async () => {
    const closedPort = await freePort();
    const created = await api.connection.create({
      name: "pg-closed",
      project_id: tenant.projectId,
      type: PG,
      config: { ...databaseConfig(closedKey.publicKey), port: closedPort },
    });
    const agent = runAgent(reverseView(created.config), closedKey);
    await waitFor("the agent", async () => (await api.connection.agentStatus({ id: created.id })).connected, 15_000);
    const diagnosis = await api.connection.test({ id: created.id });
    expect(diagnosis.stages.slice(0, 2)).toMatchObject([
      { name: "agent", status: "ok" },
      {
        name: "forward",
        status: "failed",
        code: "FORWARD_CONNECT_FAILED",
        message: `The agent could not connect to 127.0.0.1:${closedPort} from its network`,
        hint: expect.stringContaining("reachable from the agent (not from this service)"),
      },
    ]);
    await agent.stop();
  });
});
