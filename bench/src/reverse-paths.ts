// The reverse-tunnel bench's two ways to the same PostgreSQL: our engine's forward tunnel through
// the bench's sshd (the baseline), and the service's agent endpoint (AgentServer) with a real
// OpenSSH agent (`ssh -N -R`) dialled in, as SPEC §11 runs it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AGENT_USER, knownHostsLine } from "@connections/core";
import { scratchDir, sshKeygen, startProcess, waitFor, type RunningProcess } from "@connections/testkit";
import {
  AgentServer,
  agentKeyFingerprint,
  DEFAULT_KEEPALIVE,
  DEFAULT_TIMEOUTS,
  generateKeyPair,
  tunnelTransport,
  type TunnelPool,
} from "@connections/tunnel";
import type { BenchEnvironment, DatabaseAddress } from "./environment.ts";
import { openPath, type OpenPath } from "./paths.ts";

export const REVERSE_PATHS = ["forward", "reverse"] as const;
export type ReversePath = (typeof REVERSE_PATHS)[number];

/** The one registration the bench's agent serves. */
const AGENT_ID = "bench-reverse";

/** The agent endpoint with one OpenSSH agent logged in and forwarding the database's port. */
export interface AgentBench {
  server: AgentServer;
  agent: RunningProcess;
  stop(): Promise<void>;
}

export async function startAgentBench(database: DatabaseAddress): Promise<AgentBench> {
  const dir = scratchDir("bench-reverse");
  const agentKey = sshKeygen(dir, "agent");
  const fingerprint = agentKeyFingerprint(agentKey.publicKey);
  const hostKey = await generateKeyPair("bench-agent-endpoint");
  const server = new AgentServer({
    hostKey: hostKey.privateKey,
    authorize: async (key) => (key === fingerprint ? { id: AGENT_ID, port: database.port } : undefined),
    keepalive: DEFAULT_KEEPALIVE,
  });
  let agent: RunningProcess | undefined;
  const stop = async () => {
    await agent?.stop();
    await server.close();
  };
  try {
    const port = await server.listen(0, "127.0.0.1");
    const knownHosts = join(dir, "known_hosts");
    writeFileSync(knownHosts, `${knownHostsLine({ host: "127.0.0.1", port }, hostKey.publicKey)}\n`);
    // The agent's own command (core's agentCommand), with the bench's key and known_hosts file.
    const args = ["-N", "-o", "ExitOnForwardFailure=yes", "-o", "ServerAliveInterval=15", "-o", "BatchMode=yes"];
    args.push("-o", `UserKnownHostsFile=${knownHosts}`, "-i", agentKey.path, "-p", String(port));
    args.push("-R", `${database.port}:${database.host}:${database.port}`, `${AGENT_USER}@127.0.0.1`);
    agent = startProcess("ssh", args, join(dir, "agent.log"));
    await waitFor("the OpenSSH agent", async () => server.registry.status(AGENT_ID).connected, 15_000, agent);
    return { server, agent, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Forward: our engine through the bench's sshd, on `pool` (one SSH connection, reused). Reverse:
 * the agent's connection, which the registry hands out for every session as queries do.
 */
export async function openReversePath(name: ReversePath, env: BenchEnvironment, agents: AgentBench, pool: TunnelPool): Promise<OpenPath> {
  const config = env.configs.pg;
  switch (name) {
    case "forward":
      return openPath("ours", env, config, pool);
    case "reverse":
      return {
        transport: tunnelTransport(agents.server.registry.acquire(AGENT_ID, null), DEFAULT_TIMEOUTS.forward),
        config,
        pid: agents.agent.pid,
        close: async () => {},
      };
  }
}
