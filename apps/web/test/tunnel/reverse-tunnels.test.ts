import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentCommand } from "@connections/core";
import {
  agentHome,
  createReverseLab,
  reverseLabAvailable,
  scratchDir,
  startAgent,
  startMariaDb,
  startPostgres,
  type AgentHome,
  type MariaDbServer,
  type PostgresServer,
  type ReverseLab,
  type RunningProcess,
} from "@connections/testkit";
import {
  agentServiceClient,
  startAgentService,
  type AgentService,
  type AgentServiceClient,
  type Diagnosis,
} from "../support/agent-service.ts";
import { reachable } from "../support/bastion-lab.ts";
import { db, newTenant, services } from "../support/fixtures.ts";

// Issue #16 end to end: the databases live in a namespace that can dial the service but that the
// service cannot dial (reverse-lab.ts); the customer's agent is real OpenSSH running the printed
// command verbatim in that namespace, with the printed known_hosts line in its ~/.ssh/known_hosts.

const AGENT_STAGES = ["agent", "forward", "db_tls", "db_auth", "query"];

let lab: ReverseLab;
let pg: PostgresServer;
let maria: MariaDbServer;
let service: AgentService;
let client: AgentServiceClient;
const logDir = reverseLabAvailable() ? scratchDir("reverse-tunnels") : "";
let logCount = 0;

beforeAll(async () => {
  lab = await createReverseLab();
  const inPrivate = { netns: lab.privateNs, bindAddress: lab.privateAddress };
  [pg, maria] = await Promise.all([startPostgres({ ...inPrivate, password: true }), startMariaDb(inPrivate)]);
  service = await startAgentService(lab.serviceAddress);
  client = agentServiceClient(service, await newTenant("reverse-tunnels"));
});

afterAll(async () => {
  await service?.stop();
  await maria?.stop();
  await pg?.stop();
  await lab?.destroy();
});

/** Runs the agent of `id` as the customer would: the printed command, the printed known_hosts line. */
async function runAgent(home: AgentHome, id: string): Promise<RunningProcess> {
  const tunnel = await client.tunnel(id);
  return startAgent(home, {
    command: tunnel.agent_command,
    knownHostsLine: tunnel.known_hosts_line,
    ns: lab.privateNs,
    logFile: join(logDir, `${++logCount}-agent.log`),
  });
}

/** Kills an agent as a crash or a reboot would, and waits for it to be gone. */
async function kill(agent: RunningProcess): Promise<void> {
  process.kill(agent.pid, "SIGKILL");
  await agent.exited;
}

/** Open TCP connections to the database port in the private namespace, counted by the PID of the process holding them. */
function sessionsByProcess(port: number): Map<number, number> {
  const out = execFileSync("ip", ["netns", "exec", lab.privateNs, "ss", "-Htnp", "state", "established", "dport", "=", `:${port}`], {
    encoding: "utf8",
  });
  const counts = new Map<number, number>();
  for (const match of out.matchAll(/pid=(\d+)/g)) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1);
  return counts;
}

function expectPassed(diagnosis: Diagnosis): void {
  expect(diagnosis.ok, JSON.stringify(diagnosis.stages)).toBe(true);
  expect(diagnosis.stages.map((s) => s.name)).toEqual(AGENT_STAGES);
  expect(diagnosis.stages.filter((s) => s.status === "failed")).toEqual([]);
}

function expectAgentOffline(diagnosis: Diagnosis, command: string): void {
  expect(diagnosis.ok).toBe(false);
  expect(diagnosis.stages[0]).toMatchObject({
    name: "agent",
    status: "failed",
    code: "AGENT_OFFLINE",
    hint: `Start the agent in your network, on a machine that reaches the database: ${command}`,
  });
  expect(diagnosis.stages.slice(1).filter((s) => s.status !== "skipped")).toEqual([]);
}

interface DatabaseCase {
  type: "PostgreSQL" | "MySQL";
  port: () => number;
  /** The connection's config without `ssh_tunnel`: the database as the agent sees it. */
  config: () => Record<string, unknown>;
  /** A parameterised query for rows 1 and 3, and what it must return. */
  sql: string;
  rows: () => unknown[][];
  /** Holds its session for half a second. */
  sleep: string;
}

const CASES: DatabaseCase[] = [
  {
    type: "PostgreSQL",
    port: () => pg.port,
    config: () => ({ host: lab.privateAddress, port: pg.port, ...pg.app! }),
    // inet_server_addr(): the address the database served this session on, its own namespace's.
    sql: "select id, name, host(inet_server_addr()) as at from items where id <> $1 order by id",
    rows: () => [
      [1, "one", lab.privateAddress],
      [3, "three", lab.privateAddress],
    ],
    sleep: "select pg_sleep(0.5)",
  },
  {
    type: "MySQL",
    port: () => maria.port,
    config: () => ({ host: lab.privateAddress, port: maria.port, database: maria.database, user: maria.user, password: maria.password }),
    sql: "select id, name from items where id <> ? order by id",
    rows: () => [
      [1, "one"],
      [3, "three"],
    ],
    sleep: "select sleep(0.5)",
  },
];

describe.runIf(reverseLabAvailable())("reverse tunnels through real OpenSSH agents", () => {
  it("the service cannot reach either database: a direct connection fails at tcp", async () => {
    expect(await reachable(lab.privateAddress, pg.port)).toBe(false);
    expect(await reachable(lab.privateAddress, maria.port)).toBe(false);
    const diagnoses = await Promise.all(CASES.map(async (db) => client.test(await client.createOk(db.type, db.config()))));
    for (const diagnosis of diagnoses) {
      expect(diagnosis.ok).toBe(false);
      expect(diagnosis.stages.find((s) => s.status === "failed")).toMatchObject({ name: "tcp", code: "TCP_TIMEOUT" });
    }
  });

  for (const database of CASES) {
    describe(database.type, () => {
      let home: AgentHome;
      let id: string;
      let command: string;
      const agents: RunningProcess[] = [];

      beforeAll(async () => {
        home = agentHome(database.type.toLowerCase());
        id = await client.createOk(database.type, {
          ...database.config(),
          ssh_tunnel: { mode: "reverse", authorized_key: home.publicKey },
        });
        command = (await client.tunnel(id)).agent_command;
      });
      afterAll(async () => {
        for (const agent of agents) await agent.stop();
      });

      it("prints the agent command and known_hosts line for this service, and no agent is connected yet", async () => {
        const tunnel = await client.tunnel(id);
        expect(tunnel.agent_command).toBe(
          agentCommand({ host: lab.serviceAddress, port: service.agentPort }, { host: lab.privateAddress, port: database.port() }),
        );
        expect(tunnel.known_hosts_line).toMatch(
          new RegExp(`^\\[${lab.serviceAddress.replaceAll(".", "\\.")}\\]:${service.agentPort} ssh-ed25519 AAAA[\\w+/]+=*$`),
        );
        expect(tunnel).toMatchObject({
          mode: "reverse",
          authorized_key: home.publicKey,
          authorized_key_fingerprint: expect.stringMatching(/^SHA256:/),
        });
        expect(tunnel.agent_status).toMatchObject({ connected: false, agents: 0 });
      });

      it("without an agent the test fails at stage agent with AGENT_OFFLINE and the command as its hint", async () => {
        expectAgentOffline(await client.test(id), command);
      });

      it("the agent connects out; the test passes agent → query and a parameterised query returns the right rows", async () => {
        agents.push(await runAgent(home, id));
        const { agent_status } = await client.waitForAgents(id, 1);
        expect(agent_status).toMatchObject({ connected: true, agents: 1 });
        expect(agent_status.remote_address).toContain(lab.privateAddress);
        expect(Number.isNaN(Date.parse(agent_status.since!))).toBe(false);
        expectPassed(await client.test(id));
        const rows = await client.query(id, database.sql, [2]);
        expect(rows.status, rows.text).toBe(200);
        expect(rows.body.data.rows).toEqual(database.rows());
        // The Tunnels page lists the agent's SSH connection, by where it connected from.
        const listed = (await client.tunnels()).body.data.filter((t: { connection_ids: string[] }) => t.connection_ids.includes(id));
        expect(listed).toMatchObject([
          { kind: "agent", bastion: null, hops: [], state: "connected", agent: { remote_address: agent_status.remote_address } },
        ]);
        expect(listed[0].since).toBe(agent_status.since);
      });

      it("the agent killed: the next test fails at agent with the command; restarted: it passes again, same service process", async () => {
        const servicePid = service.server.process.pid;
        await kill(agents.pop()!);
        await client.waitForAgents(id, 0);
        expect((await client.tunnel(id)).agent_status.connected).toBe(false);
        expectAgentOffline(await client.test(id), command);

        agents.push(await runAgent(home, id));
        await client.waitForAgents(id, 1);
        expectPassed(await client.test(id));
        const rows = await client.query(id, database.sql, [2]);
        expect(rows.status, rows.text).toBe(200);
        expect(rows.body.data.rows).toEqual(database.rows());
        expect(service.server.process.pid).toBe(servicePid);
        expect(() => process.kill(servicePid, 0)).not.toThrow();
      });

      it("two agents on one connection are used in turn; with one killed, queries keep working, several in a row", async () => {
        agents.push(await runAgent(home, id));
        expect((await client.waitForAgents(id, 2)).agent_status).toMatchObject({ connected: true, agents: 2 });
        // Four queries at once need four database sessions: their channels are spread over both agents.
        const slow = await Promise.all(Array.from({ length: 4 }, () => client.query(id, database.sleep)));
        expect(slow.map((r) => r.status)).toEqual([200, 200, 200, 200]);
        const carriers = sessionsByProcess(database.port());
        expect([...carriers.keys()].sort()).toEqual(agents.map((a) => a.pid).sort());

        await kill(agents.shift()!);
        for (let i = 0; i < 6; i++) {
          const rows = await client.query(id, database.sql, [2]);
          expect(rows.status, rows.text).toBe(200);
          expect(rows.body.data.rows).toEqual(database.rows());
        }
        expect((await client.waitForAgents(id, 1)).agent_status.connected).toBe(true);
        expectPassed(await client.test(id));
        expect([...sessionsByProcess(database.port()).keys()]).toEqual([agents[0]!.pid]);
      });

      it("a key serves one connection only: registering it on a second gets 409", async () => {
        const second = await client.create(database.type, {
          ...database.config(),
          ssh_tunnel: { mode: "reverse", authorized_key: home.publicKey },
        });
        expect(second.status, second.text).toBe(409);
      });

      it("nothing secret is stored for the tunnel, and GET shows only the service's public host key line", async () => {
        const row = await db().connection.findUniqueOrThrow({ where: { id } });
        const everything = JSON.stringify(row);
        expect(everything).not.toContain("PRIVATE KEY");
        expect(everything).toContain(home.publicKey.split(" ")[1]);
        const sealed = JSON.parse(row.secrets) as Record<string, string>;
        expect(Object.keys(sealed)).toEqual(["password"]);
        expect(services().keyring.decrypt(sealed.password!, `connection:${id}:password`)).not.toContain("PRIVATE KEY");

        const list = await client.list();
        expect(list.status, list.text).toBe(200);
        expect(list.text).toContain(id);
        const response = await client.get(id);
        for (const text of [response.text, list.text]) {
          expect(text).not.toContain("PRIVATE KEY");
          expect(text).not.toMatch(/b3BlbnNzaC1rZXktdjE/); // base64 of "openssh-key-v1", the private key format
        }
        const tunnel = response.body.data.config.ssh_tunnel as Record<string, unknown>;
        expect(Object.keys(tunnel).sort()).toEqual([
          "agent_command",
          "agent_status",
          "authorized_key",
          "authorized_key_fingerprint",
          "known_hosts_line",
          "mode",
        ]);
        // The service's own host key is stored too, never in the clear; its private half is nowhere in GET.
        expect(JSON.stringify(await db().setting.findMany())).not.toContain("PRIVATE KEY");
        const hostKey = await db().setting.findUniqueOrThrow({ where: { key: "agent.host_key" } });
        expect(hostKey.value).toMatch(/^v1:test1:/);
        const hostPrivateKey = services().keyring.decrypt(hostKey.value, "agent.host_key");
        expect(hostPrivateKey).toContain("PRIVATE KEY");
        const body = hostPrivateKey.split("\n").filter((line) => line && !line.includes("PRIVATE KEY"));
        for (const line of body) expect(response.text + list.text).not.toContain(line);
      });
    });
  }
});
