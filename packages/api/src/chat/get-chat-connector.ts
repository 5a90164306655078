import type { ChatConnector } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { findChatConnector } from "./find-chat-connector.ts";
import { toPublicChatConnector } from "./to-public-chat-connector.ts";

export async function getChatConnector(ctx: ServiceContext, principal: Principal, id: string): Promise<ChatConnector> {
  return toPublicChatConnector(ctx, await findChatConnector(ctx, principal, id));
}
