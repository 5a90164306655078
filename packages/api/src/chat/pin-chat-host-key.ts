import { configWithPinnedHostKey } from "../connections/pin-host-key.ts";
import type { ServiceContext } from "../context.ts";
import type { ChatConnectorRow } from "./chat-connector-row.ts";

/** Trust on first use for a chat connector's bastion, as for connections (see pinHostKey). */
export async function pinChatHostKey(ctx: ServiceContext, row: ChatConnectorRow, fingerprint: string | undefined): Promise<void> {
  const pinned = configWithPinnedHostKey(row, fingerprint);
  if (pinned) await ctx.db.chatConnector.updateMany({ where: { id: row.id, config: row.config }, data: { config: pinned } });
}
