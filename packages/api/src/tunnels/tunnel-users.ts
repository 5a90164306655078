import type { ConnectionConfig } from "@connections/core";
import { agentKeyOf } from "../agents/agent-keys.ts";
import { readStoredConfig } from "../connections/stored-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { chatConnectorSessions, connectionSessions } from "../sessions/session-keys.ts";

/** A connection of the project, or a chat connector of the caller's own. */
export interface TunnelUser {
  kind: "connection" | "chat-connector";
  id: string;
  /** The stored `config` column. */
  config: string;
}

/** What of a project's tunnels the caller may see: its connections, and the caller's own chat connectors. */
export interface TunnelUsers {
  /** By session key: the label the SSH pool lists its callers by. */
  bySessionKey: Map<string, TunnelUser>;
  /** By the agent key fingerprint of their reverse tunnel. */
  byAgentKey: Map<string, TunnelUser[]>;
  all: TunnelUser[];
}

export async function tunnelUsers(ctx: ServiceContext, principal: Principal, projectId: string): Promise<TunnelUsers> {
  const select = { id: true, config: true } as const;
  const [connections, connectors] = await Promise.all([
    ctx.db.connection.findMany({ where: { projectId }, select }),
    principal.kind === "user" ? ctx.db.chatConnector.findMany({ where: { userId: principal.id }, select }) : [],
  ]);
  const all: TunnelUser[] = [
    ...connections.map((row) => ({ kind: "connection" as const, ...row })),
    ...connectors.map((row) => ({ kind: "chat-connector" as const, ...row })),
  ];
  const bySessionKey = new Map(all.map((user) => [sessionKeyOf(user), user]));
  const byAgentKey = new Map<string, TunnelUser[]>();
  for (const user of all) {
    const fingerprint = agentKeyOf(readStoredConfig(user).config as ConnectionConfig);
    if (fingerprint) byAgentKey.set(fingerprint, [...(byAgentKey.get(fingerprint) ?? []), user]);
  }
  return { bySessionKey, byAgentKey, all };
}

export function sessionKeyOf(user: Pick<TunnelUser, "kind" | "id">): string {
  return user.kind === "connection" ? connectionSessions(user.id) : chatConnectorSessions(user.id);
}

/** The ids of each kind, as the API names them. */
export function idsOf(users: readonly TunnelUser[]): { connection_ids: string[]; chat_connector_ids: string[] } {
  return {
    connection_ids: users.filter((user) => user.kind === "connection").map((user) => user.id),
    chat_connector_ids: users.filter((user) => user.kind === "chat-connector").map((user) => user.id),
  };
}
