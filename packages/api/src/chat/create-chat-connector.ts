import { AppError, createChatConnectorInputSchema, type ChatConnector, type ConnectionConfig } from "@connections/core";
import { connectionRowData } from "../connections/connection-row-data.ts";
import { prepareTunnel } from "../connections/prepare-tunnel.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { newId } from "../ids.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { chatSecretOwner } from "./chat-connector-row.ts";
import { chatOwnerOf } from "./chat-owner.ts";
import { toPublicChatConnector } from "./to-public-chat-connector.ts";

export async function createChatConnector(ctx: ServiceContext, principal: Principal, input: unknown): Promise<ChatConnector> {
  const userId = chatOwnerOf(principal);
  const parsed = createChatConnectorInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { name, type } = parsed.data;
  const id = newId("chat");
  // The chat schema has already required a private key, so this checks it and never generates one.
  const { config, tunnelKey } = await prepareTunnel(parsed.data.config as ConnectionConfig, id);
  try {
    const row = await ctx.db.chatConnector.create({
      data: { id, userId, name, type, ...connectionRowData(ctx.keyring, chatSecretOwner(id), type, config, tunnelKey) },
    });
    return toPublicChatConnector(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw chatNameTaken(name);
    throw error;
  }
}

export function chatNameTaken(name: string): AppError {
  return new AppError("CONFLICT", `You already have a chat connector named "${name}": choose another name`, [
    { path: "name", code: "INVALID_VALUE", message: "is already used by another of your chat connectors" },
  ]);
}
