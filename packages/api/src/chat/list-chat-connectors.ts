import type { ChatConnector } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { chatOwnerOf } from "./chat-owner.ts";
import { toPublicChatConnector } from "./to-public-chat-connector.ts";

/** The caller's own chat connectors, oldest first; nobody else's, whatever projects they share. */
export async function listChatConnectors(ctx: ServiceContext, principal: Principal): Promise<{ data: ChatConnector[] }> {
  const rows = await ctx.db.chatConnector.findMany({
    where: { userId: chatOwnerOf(principal) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return { data: rows.map((row) => toPublicChatConnector(ctx, row)) };
}
