import type { HostKeysSeen } from "@connections/core";
import { configWithPinnedHostKeys } from "../connections/pin-host-key.ts";
import type { ServiceContext } from "../context.ts";
import type { ChatConnectorRow } from "./chat-connector-row.ts";

/** Trust on first use for a chat connector's bastion and jump hosts, as for connections (see pinHostKey). */
export async function pinChatHostKey(ctx: ServiceContext, row: ChatConnectorRow, seen: HostKeysSeen): Promise<void> {
  const pinned = configWithPinnedHostKeys(row, seen);
  if (pinned) await ctx.db.chatConnector.updateMany({ where: { id: row.id, config: row.config }, data: { config: pinned } });
}
