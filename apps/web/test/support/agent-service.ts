import { expect } from "vitest";
import { freePort, startNextServer, waitFor, type NextServer } from "@connections/testkit";
import { target, type Tenant } from "./fixtures.ts";
import { api } from "./http.ts";
import { RAISED_CALL_LIMITS } from "./raised-call-limits.ts";

// The built server with its agent endpoint on (SPEC §11), on the suite's database: the suite's
// shared server keeps the endpoint off, so each reverse-tunnel file starts its own.

export interface AgentService {
  server: NextServer;
  /** CONNECTIONS_AGENT_SSH_PORT: where agents dial in, on every interface. */
  agentPort: number;
  /** CONNECTIONS_AGENT_HOST: the name printed in agent commands. */
  agentHost: string;
  stop(): Promise<void>;
}

/** Starts the service with its agent endpoint on a free port, printing `agentHost` in commands. */
export async function startAgentService(agentHost: string, env: Record<string, string> = {}): Promise<AgentService> {
  const { databaseUrl, encryptionKey, webDir } = target();
  const agentPort = await freePort();
  const server = await startNextServer(webDir, {
    DATABASE_URL: databaseUrl,
    CONNECTIONS_ENCRYPTION_KEY: encryptionKey,
    LOG_LEVEL: "warn",
    ...RAISED_CALL_LIMITS,
    CONNECTIONS_AGENT_SSH_PORT: String(agentPort),
    CONNECTIONS_AGENT_HOST: agentHost,
    ...env,
  });
  return { server, agentPort, agentHost, stop: () => server.stop() };
}

/** `config.ssh_tunnel` of a reverse connection as GET returns it. */
export interface ReverseTunnelView {
  mode: "reverse";
  authorized_key: string;
  authorized_key_fingerprint: string;
  agent_command: string;
  known_hosts_line: string;
  agent_status: { connected: boolean; since: string | null; remote_address: string | null; agents: number };
}

export interface Diagnosis {
  ok: boolean;
  stages: Array<{ name: string; status: string; code?: string; hint?: string; message?: string }>;
}

/** REST calls to one AgentService as one tenant. */
export function agentServiceClient(service: AgentService, tenant: Tenant) {
  const call = (method: string, path: string, body?: unknown) =>
    api(method, path, { key: tenant.key, body, baseUrl: service.server.baseUrl });
  return {
    /** POST /v1/connections; returns the whole response (a test may expect a refusal). */
    create: (type: string, config: Record<string, unknown>, name = `reverse-${Math.random().toString(36).slice(2, 8)}`) =>
      call("POST", "/v1/connections", { name, project_id: tenant.projectId, type: `dynamiq.connections.${type}`, config }),
    async createOk(type: string, config: Record<string, unknown>): Promise<string> {
      const created = await this.create(type, config);
      expect(created.status, created.text).toBe(201);
      return created.body.data.id as string;
    },
    get: (id: string) => call("GET", `/v1/connections/${id}`),
    list: () => call("GET", `/v1/connections?project_id=${tenant.projectId}`),
    /** GET /v1/tunnels: the project's tunnels with their health. */
    tunnels: () => call("GET", `/v1/tunnels?project_id=${tenant.projectId}`),
    async tunnel(id: string): Promise<ReverseTunnelView> {
      const response = await this.get(id);
      expect(response.status, response.text).toBe(200);
      return response.body.data.config.ssh_tunnel as ReverseTunnelView;
    },
    async test(id: string): Promise<Diagnosis> {
      const response = await call("POST", `/v1/connections/${id}/test`);
      expect(response.status, response.text).toBe(200);
      return response.body.data as Diagnosis;
    },
    query: (id: string, sql: string, params: unknown[] = []) => call("POST", `/v1/connections/${id}/query`, { sql, params }),
    /** Waits until agent_status counts `agents` connected agents. */
    async waitForAgents(id: string, agents: number, timeoutMs = 15_000): Promise<ReverseTunnelView> {
      let last: ReverseTunnelView | undefined;
      await waitFor(
        `${agents} agent(s) on ${id}`,
        async () => {
          last = await this.tunnel(id);
          return last.agent_status.agents === agents;
        },
        timeoutMs,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; last agent_status: ${JSON.stringify(last?.agent_status)}`);
      });
      return last!;
    },
  };
}

export type AgentServiceClient = ReturnType<typeof agentServiceClient>;
