import { AppError } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { chatOwnerOf } from "./chat-owner.ts";
import type { ChatConnectorRow } from "./chat-connector-row.ts";

/** One of the caller's own chat connectors; anyone else's, even in a shared project, is "not found". */
export async function findChatConnector(ctx: ServiceContext, principal: Principal, id: string): Promise<ChatConnectorRow> {
  const userId = chatOwnerOf(principal);
  const row = id.length <= 64 ? await ctx.db.chatConnector.findFirst({ where: { id, userId } }) : null;
  if (!row) throw AppError.notFound(`chat connector ${id.slice(0, 64)}`.trim());
  return row;
}
