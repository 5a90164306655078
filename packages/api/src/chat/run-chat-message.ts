import { queryInputSchema, type QueryInput, type QueryResult } from "@connections/core";
import type { RowSink } from "@connections/drivers";
import { loadConnectionConfig } from "../connections/load-connection-config.ts";
import { audited } from "../audit/audited.ts";
import { runStatement, statementSummary, type StatementRun } from "../connections/run-statement.ts";
import { rowType } from "../connections/stored-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { admitNetworkCall } from "../throttle/call-rate-limit.ts";
import type { ChatMessage } from "./chat-connector-inputs.ts";
import { findChatConnector } from "./find-chat-connector.ts";
import { pinChatHostKey } from "./pin-chat-host-key.ts";
import { chatConnectorSessions } from "../sessions/session-keys.ts";

/**
 * A chat message runs as one SQL statement on the connector, with the SQL Executor's defaults
 * (row limit, timeout); a failure is an AppError with the stage, code and hint to show.
 */
export async function runChatMessage(ctx: ServiceContext, principal: Principal, input: ChatMessage): Promise<QueryResult> {
  const { result } = await audited(
    ctx,
    principal,
    { action: "chat_connector.run", projectId: null, connectionId: input.id, sql: input.text },
    // The text is already a valid `sql`; parsing fills in the SQL Executor's defaults for the rest.
    () => runChatStatement(ctx, principal, input.id, queryInputSchema.parse({ sql: input.text })),
    statementSummary,
  );
  return result;
}

/** A statement on the caller's chat connector `id`; with a `sink`, its rows stream there. */
export async function runChatStatement(
  ctx: ServiceContext,
  principal: Principal,
  id: string,
  statement: QueryInput,
  sink?: RowSink,
): Promise<StatementRun> {
  const row = await findChatConnector(ctx, principal, id);
  const config = loadConnectionConfig(ctx, "chat-connector", row);
  await admitNetworkCall(ctx, principal);
  return ctx.limits.run(`user:${row.userId}`, "user", () =>
    runStatement(
      ctx,
      { sessionKey: chatConnectorSessions(row.id), type: rowType(row), config, readOnly: row.readOnly },
      statement,
      (seen) => pinChatHostKey(ctx, row, seen),
      sink,
    ),
  );
}
