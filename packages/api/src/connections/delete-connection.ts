import { audited, type AuditScope } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { forgetConnection } from "./cached-connection.ts";
import { findConnection } from "./find-connection.ts";
import { storedAgentKeyOf } from "../agents/agent-keys.ts";
import { connectionSessions } from "../sessions/session-keys.ts";

export function deleteConnection(ctx: ServiceContext, principal: Principal, id: string): Promise<void> {
  return audited(ctx, principal, { action: "connection.delete", projectId: null, connectionId: id, sql: null }, (audit) =>
    deleteRow(ctx, principal, id, audit),
  );
}

async function deleteRow(ctx: ServiceContext, principal: Principal, id: string, audit: AuditScope): Promise<void> {
  const row = await findConnection(ctx, principal, id);
  audit.projectId = row.projectId;
  // deleteMany: a concurrent delete of the same row is not an error for the second caller.
  await ctx.db.connection.deleteMany({ where: { id: row.id } });
  ctx.sessions.drop(connectionSessions(row.id));
  forgetConnection(ctx, row.id);
  const agentKey = storedAgentKeyOf(row);
  if (agentKey) ctx.agents.disconnect(agentKey);
}
