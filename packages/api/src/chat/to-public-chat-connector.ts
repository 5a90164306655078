import type { ChatConnector } from "@connections/core";
import { publicConfigOf, type ViewContext } from "../connections/to-public-connection.ts";
import { rowType } from "../connections/stored-connection.ts";
import type { ChatConnectorRow } from "./chat-connector-row.ts";

/** The API shape: secrets become has_* flags, exactly as for connections; nothing is decrypted. */
export function toPublicChatConnector(ctx: ViewContext, row: ChatConnectorRow): ChatConnector {
  return {
    id: row.id,
    name: row.name,
    type: rowType(row),
    config: publicConfigOf(ctx, row),
    read_only: row.readOnly,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
