import { reverseTunnelOf, type AgentStatus, type AgentEndpoint, type ConnectionConfig } from "@connections/core";
import { findChatConnector } from "../chat/find-chat-connector.ts";
import { readConnection } from "../connections/cached-connection.ts";
import { readStoredConfig, type StoredRow } from "../connections/stored-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";

/** Whether agents serve a reverse connection now, on this instance: what its page polls. */
export async function connectionAgentStatus(ctx: ServiceContext, principal: Principal, id: string): Promise<AgentStatus> {
  return statusOf(ctx, (await readConnection(ctx, principal, id)).row);
}

/** The same for one of the caller's chat connectors. */
export async function chatConnectorAgentStatus(ctx: ServiceContext, principal: Principal, id: string): Promise<AgentStatus> {
  return statusOf(ctx, await findChatConnector(ctx, principal, id));
}

/** Where agents dial in, so a form can show the command before saving; null while the endpoint is off. */
export function agentEndpoint(ctx: ServiceContext): AgentEndpoint | null {
  return ctx.agents.endpoint;
}

function statusOf(ctx: ServiceContext, row: StoredRow): AgentStatus {
  const tunnel = reverseTunnelOf(readStoredConfig(row).config as ConnectionConfig);
  // Without a reverse tunnel nothing dials in for it: no agents, as for one whose agents are down.
  return tunnel ? ctx.agents.status(tunnel) : { connected: false, since: null, remote_address: null, agents: 0 };
}
