import { z } from "zod";

/** The user every agent logs in as; the key, not the name, says which connection it serves. */
export const AGENT_USER = "tunnel";

/** Where agents dial in: the name printed in commands, the port, and the host key line they trust. */
export const agentEndpointSchema = z.object({
  host: z.string(),
  port: z.int(),
  known_hosts_line: z.string().describe("The service's host key, for the agent's ~/.ssh/known_hosts"),
});

export type AgentEndpoint = z.output<typeof agentEndpointSchema>;

// OpenSSH reads a bare IPv6 address in -R as host:port pieces; brackets keep it one host.
const forwardHost = (host: string) => (host.includes(":") ? `[${host}]` : host);

/**
 * The OpenSSH line that runs the agent (SPEC §11): it keeps one connection out to the service and
 * forwards each channel the service opens to the database, as the agent's network resolves it.
 */
export function agentCommand(endpoint: Pick<AgentEndpoint, "host" | "port">, database: { host: string; port: number }): string {
  return [
    "ssh -N -o ExitOnForwardFailure=yes -o ServerAliveInterval=15",
    "-i ~/.ssh/connections_agent",
    `-p ${endpoint.port}`,
    `-R ${database.port}:${forwardHost(database.host)}:${database.port}`,
    `${AGENT_USER}@${endpoint.host}`,
  ].join(" ");
}

/** A known_hosts line for the service's host key: OpenSSH writes a port other than 22 as [host]:port. */
export function knownHostsLine(endpoint: Pick<AgentEndpoint, "host" | "port">, publicKey: string): string {
  const name = endpoint.port === 22 ? endpoint.host : `[${endpoint.host}]:${endpoint.port}`;
  return `${name} ${publicKey.split(" ").slice(0, 2).join(" ")}`;
}
