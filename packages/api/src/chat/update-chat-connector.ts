import type { ChatConnector, ConnectionConfig } from "@connections/core";
import { agentKeyConflict, agentKeyOf, agentKeyUpdate, storedAgentKeyOf } from "../agents/agent-keys.ts";
import { rowType } from "../connections/stored-connection.ts";
import { audited } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { updatedStoredConfig } from "../stored-configs/updated-stored-config.ts";
import type { ChatConnectorUpdate } from "./chat-connector-inputs.ts";
import { chatSecretOwner } from "./chat-connector-row.ts";
import { chatNameTaken } from "./create-chat-connector.ts";
import { findChatConnector } from "./find-chat-connector.ts";
import { toPublicChatConnector } from "./to-public-chat-connector.ts";
import { chatConfigOf } from "../connection-types.ts";
import { chatConnectorSessions } from "../sessions/session-keys.ts";

/** Replaces the config (PUT semantics, as for connections: see mergeUpdatedConfig). */
export function updateChatConnector(ctx: ServiceContext, principal: Principal, input: ChatConnectorUpdate): Promise<ChatConnector> {
  return audited(ctx, principal, { action: "chat_connector.update", projectId: null, connectionId: input.id, sql: null }, () =>
    update(ctx, principal, input),
  );
}

async function update(ctx: ServiceContext, principal: Principal, input: ChatConnectorUpdate): Promise<ChatConnector> {
  const { registry } = ctx.connectionTypes;
  const row = await findChatConnector(ctx, principal, input.id);
  const stored = await updatedStoredConfig(
    registry,
    ctx.keyring,
    chatSecretOwner(row.id),
    chatConfigOf(ctx.connectionTypes, rowType(row)),
    row,
    input.config,
  );
  const name = input.name ?? row.name;
  const agentKey = { before: storedAgentKeyOf(row), after: agentKeyOf(input.config as ConnectionConfig) };
  try {
    const updated = await ctx.db.chatConnector.update({
      where: { id: row.id },
      data: { name, readOnly: input.read_only ?? row.readOnly, ...stored, ...agentKeyUpdate(agentKey.before, agentKey.after) },
    });
    ctx.sessions.drop(chatConnectorSessions(row.id));
    if (agentKey.before && agentKey.before !== agentKey.after) ctx.agents.disconnect(agentKey.before);
    return toPublicChatConnector(ctx, updated);
  } catch (error) {
    const keyTaken = await agentKeyConflict(ctx.db, error, agentKey.after);
    if (keyTaken) throw keyTaken;
    if (isUniqueViolation(error)) throw chatNameTaken(name);
    throw error;
  }
}
