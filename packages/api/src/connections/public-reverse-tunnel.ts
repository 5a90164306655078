import type { PublicReverseTunnel, ReverseTunnelConfig } from "@connections/core";
import { agentKeyFingerprint } from "@connections/tunnel";
import type { Agents } from "../agents/agents.ts";

/**
 * A reverse tunnel as the API shows it: the agent's key, the command and known_hosts line that
 * run the agent, and whether agents are connected to this instance now. The service's host key
 * appears only as its public line.
 */
export function publicReverseTunnel(
  tunnel: ReverseTunnelConfig,
  database: { host: string; port: number },
  agents: Agents,
): PublicReverseTunnel {
  return {
    mode: "reverse",
    authorized_key: tunnel.authorized_key,
    authorized_key_fingerprint: agentKeyFingerprint(tunnel.authorized_key) ?? "",
    agent_command: agents.commandFor(database),
    known_hosts_line: agents.endpoint?.known_hosts_line ?? null,
    agent_status: agents.status(tunnel),
  };
}
