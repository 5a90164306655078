import { MAX_ROWS_LIMIT, queryInputSchema } from "@connections/core";
import { audited } from "../audit/audited.ts";
import type { ChatMessage } from "../chat/chat-connector-inputs.ts";
import { findChatConnector } from "../chat/find-chat-connector.ts";
import { runChatStatement } from "../chat/run-chat-message.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { csvExport, csvSummary, type CsvExport } from "./csv-export.ts";

/**
 * Chat's "Download CSV": the message's statement run again on the connector, every row up to
 * MAX_ROWS_LIMIT streamed as CSV, recorded as a chat run like the message itself.
 */
export function exportChatCsv(ctx: ServiceContext, principal: Principal, input: ChatMessage): Promise<CsvExport> {
  const statement = queryInputSchema.parse({ sql: input.text, max_rows: MAX_ROWS_LIMIT });
  return csvExport(
    (sink) =>
      audited(
        ctx,
        principal,
        { action: "chat_connector.run", projectId: null, connectionId: input.id, sql: input.text },
        () => runChatStatement(ctx, principal, input.id, statement, sink),
        csvSummary,
      ),
    async () => (await findChatConnector(ctx, principal, input.id)).name,
  );
}
