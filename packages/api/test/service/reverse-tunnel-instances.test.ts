import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicReverseTunnel } from "@connections/core";
import { freePort, scratchDir, sshKeygen, startPostgres, waitFor, type PostgresServer, type RunningProcess } from "@connections/testkit";
import { DEFAULT_KEEPALIVE } from "@connections/tunnel";
import { runPrintedAgent } from "./support/printed-agent.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { reverseView } from "./support/tunnel-views.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";

// What the README claims for several instances on one database: one host key for all, and each
// instance's queries served by the agents connected to that instance (so each instance gets its
// own agent, started with that instance's command).
const dir = scratchDir("reverse-instances");
const agentKey = sshKeygen(dir, "agent");
let postgres: PostgresServer;
let first: ScratchServices;
let second: ScratchServices;
let tenant: Tenant;
const agents: RunningProcess[] = [];

async function instance(databaseUrl?: string, keys?: string[]): Promise<ScratchServices> {
  const port = await freePort();
  const services = await openScratchServices({
    ...(databaseUrl ? { databaseUrl, keys } : {}),
    agents: { CONNECTIONS_AGENT_SSH_PORT: String(port), CONNECTIONS_AGENT_HOST: "127.0.0.1" },
  });
  await services.agents.start(services.db, services.keyring, DEFAULT_KEEPALIVE);
  return services;
}

function runAgent(tunnel: PublicReverseTunnel): RunningProcess {
  const agent = runPrintedAgent(tunnel, agentKey.path, dir, `agent-${agents.length}`);
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  [postgres, first] = await Promise.all([startPostgres({ password: true }), instance()]);
  second = await instance(first.databaseUrl, [first.masterKey]);
  tenant = await newTenant(first, "instances");
});
afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.stop()));
  await first?.close();
  await second?.close();
  await postgres?.stop();
});

describe("two instances on one database", () => {
  let id: string;
  let onFirst: Caller;
  let onSecond: Caller;

  it("show one host key, each with its own port in the command and the known_hosts line", async () => {
    onFirst = callerFor(first, tenant.keyPrincipal);
    onSecond = callerFor(second, tenant.keyPrincipal);
    const app = postgres.app!;
    const config = { host: "127.0.0.1", port: postgres.port, database: app.database, user: app.user, password: app.password };
    const created = await onFirst.connection.create({
      name: "pg",
      project_id: tenant.projectId,
      type: "dynamiq.connections.PostgreSQL",
      config: { ...config, ssh_tunnel: { mode: "reverse", authorized_key: agentKey.publicKey } },
    });
    id = created.id;
    const [a, b] = [reverseView(created.config), reverseView((await onSecond.connection.byId({ id })).config)];
    const hostKey = (line: string | null) => line?.split(" ").slice(1).join(" ");
    expect(hostKey(a.known_hosts_line)).toBe(hostKey(b.known_hosts_line));
    expect(a.known_hosts_line).not.toBe(b.known_hosts_line);
    expect(a.agent_command).not.toBe(b.agent_command);
  });

  it("serve a query with the agents connected to themselves: the other stays offline until it has its own", async () => {
    runAgent(reverseView((await onFirst.connection.byId({ id })).config));
    await waitFor("the first instance's agent", async () => (await onFirst.connection.agentStatus({ id })).connected, 15_000);
    expect((await onFirst.connection.query({ id, sql: "SELECT count(*)::int AS n FROM items" })).rows).toEqual([[3]]);
    expect(await onSecond.connection.agentStatus({ id })).toMatchObject({ connected: false, agents: 0 });
    const offline = await onSecond.connection.test({ id });
    expect(offline.stages[0]).toMatchObject({ name: "agent", code: "AGENT_OFFLINE" });

    runAgent(reverseView((await onSecond.connection.byId({ id })).config));
    await waitFor("the second instance's agent", async () => (await onSecond.connection.agentStatus({ id })).connected, 15_000);
    expect((await onSecond.connection.test({ id })).ok).toBe(true);
    expect(await onFirst.connection.agentStatus({ id })).toMatchObject({ connected: true, agents: 1 });
  });
});
