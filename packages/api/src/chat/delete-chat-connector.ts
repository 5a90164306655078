import { audited } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { storedAgentKeyOf } from "../agents/agent-keys.ts";
import { findChatConnector } from "./find-chat-connector.ts";
import { chatConnectorSessions } from "../sessions/session-keys.ts";

export function deleteChatConnector(ctx: ServiceContext, principal: Principal, id: string): Promise<void> {
  return audited(ctx, principal, { action: "chat_connector.delete", projectId: null, connectionId: id, sql: null }, () =>
    remove(ctx, principal, id),
  );
}

async function remove(ctx: ServiceContext, principal: Principal, id: string): Promise<void> {
  const row = await findChatConnector(ctx, principal, id);
  // deleteMany: a concurrent delete of the same row is not an error for the second caller.
  await ctx.db.chatConnector.deleteMany({ where: { id: row.id, userId: row.userId } });
  ctx.sessions.drop(chatConnectorSessions(row.id));
  const agentKey = storedAgentKeyOf(row);
  if (agentKey) ctx.agents.disconnect(agentKey);
}
