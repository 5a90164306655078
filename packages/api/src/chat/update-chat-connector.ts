import { AppError, CHAT_CONFIG_SCHEMAS, updateChatConnectorInputSchema, type ChatConnector } from "@connections/core";
import { connectionRowData } from "../connections/connection-row-data.ts";
import { openSecrets } from "../connections/connection-secrets.ts";
import { mergeUpdatedConfig } from "../connections/merge-update.ts";
import { prepareTunnel } from "../connections/prepare-tunnel.ts";
import { readStoredConfig, rowType } from "../connections/stored-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { chatSecretOwner } from "./chat-connector-row.ts";
import { chatOwnerOf } from "./chat-owner.ts";
import { chatNameTaken } from "./create-chat-connector.ts";
import { findChatConnector } from "./find-chat-connector.ts";
import { toPublicChatConnector } from "./to-public-chat-connector.ts";

/** Replaces the config (PUT semantics, as for connections: see mergeUpdatedConfig). */
export async function updateChatConnector(ctx: ServiceContext, principal: Principal, input: unknown): Promise<ChatConnector> {
  chatOwnerOf(principal);
  const parsed = updateChatConnectorInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const row = await findChatConnector(ctx, principal, parsed.data.id);
  const type = rowType(row);
  const owner = chatSecretOwner(row.id);
  const merged = mergeUpdatedConfig(type, CHAT_CONFIG_SCHEMAS[type], row, parsed.data.config, openSecrets(ctx.keyring, owner, row.secrets));
  const previousKey = readStoredConfig(row).tunnel_key;
  const { config, tunnelKey } = await prepareTunnel(merged.config, row.id, merged.keptPrivateKey ? previousKey?.key_source : undefined);
  const name = parsed.data.name ?? row.name;
  try {
    const updated = await ctx.db.chatConnector.update({
      where: { id: row.id },
      data: { name, ...connectionRowData(ctx.keyring, owner, type, config, tunnelKey) },
    });
    return toPublicChatConnector(updated);
  } catch (error) {
    if (isUniqueViolation(error)) throw chatNameTaken(name);
    throw error;
  }
}
