import type { ConnectionConfig } from "@connections/core";
import { agentKeyOf } from "../agents/agent-keys.ts";
import { readStoredConfig } from "../connections/stored-connection.ts";
import type { ServiceContext } from "../context.ts";
import { connectionSessions } from "../sessions/session-keys.ts";

/** A project's connections as the tunnels know them. */
export interface ProjectTunnelUsers {
  /** Connection id by its session key: the label the SSH pool lists its callers by. */
  bySessionKey: Map<string, string>;
  /** Connection ids by the agent key fingerprint of their reverse tunnel. */
  byAgentKey: Map<string, string[]>;
  rows: Array<{ id: string; config: string }>;
}

export async function projectTunnelUsers(ctx: ServiceContext, projectId: string): Promise<ProjectTunnelUsers> {
  const rows = await ctx.db.connection.findMany({ where: { projectId }, select: { id: true, config: true } });
  const bySessionKey = new Map(rows.map((row) => [connectionSessions(row.id), row.id]));
  const byAgentKey = new Map<string, string[]>();
  for (const row of rows) {
    const fingerprint = agentKeyOf(readStoredConfig(row).config as ConnectionConfig);
    if (fingerprint) byAgentKey.set(fingerprint, [...(byAgentKey.get(fingerprint) ?? []), row.id]);
  }
  return { bySessionKey, byAgentKey, rows };
}
