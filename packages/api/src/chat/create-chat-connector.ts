import { AppError, type ChatConnector, type ConnectionConfig } from "@connections/core";
import { audited, type AuditScope } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { newId } from "../ids.ts";
import { agentKeyConflict, agentKeyCreate, agentKeyOf } from "../agents/agent-keys.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { newStoredConfig } from "../stored-configs/new-stored-config.ts";
import type { NewChatConnector } from "./chat-connector-inputs.ts";
import { chatSecretOwner } from "./chat-connector-row.ts";
import { chatOwnerOf } from "./chat-owner.ts";
import { toPublicChatConnector } from "./to-public-chat-connector.ts";

export function createChatConnector(ctx: ServiceContext, principal: Principal, input: NewChatConnector): Promise<ChatConnector> {
  return audited(ctx, principal, { action: "chat_connector.create", projectId: null, connectionId: null, sql: null }, (audit) =>
    create(ctx, principal, input, audit),
  );
}

async function create(ctx: ServiceContext, principal: Principal, input: NewChatConnector, audit: AuditScope): Promise<ChatConnector> {
  const userId = chatOwnerOf(principal);
  const { name, type } = input;
  const id = newId("chat");
  audit.connectionId = id;
  // The chat schema has already required a private key, so this checks it and never generates one.
  const stored = await newStoredConfig(
    ctx.connectionTypes.registry,
    ctx.keyring,
    chatSecretOwner(id),
    type,
    input.config as ConnectionConfig,
  );
  const agentKey = agentKeyOf(input.config as ConnectionConfig);
  try {
    const row = await ctx.db.chatConnector.create({
      data: { id, userId, name, type, readOnly: input.read_only ?? false, ...stored, ...agentKeyCreate(agentKey) },
    });
    return toPublicChatConnector(ctx, row);
  } catch (error) {
    const keyTaken = await agentKeyConflict(ctx.db, error, agentKey);
    if (keyTaken) throw keyTaken;
    if (isUniqueViolation(error)) throw chatNameTaken(name);
    throw error;
  }
}

export function chatNameTaken(name: string): AppError {
  return new AppError("CONFLICT", `You already have a chat connector named "${name}": choose another name`, [
    { path: "name", code: "INVALID_VALUE", message: "is already used by another of your chat connectors" },
  ]);
}
