import { AppError, chatMessageInputSchema, queryInputSchema, type QueryResult } from "@connections/core";
import { loadConnectionConfig } from "../connections/load-connection-config.ts";
import { runStatement } from "../connections/run-statement.ts";
import { rowType } from "../connections/stored-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { admitNetworkCall } from "../throttle/call-rate-limit.ts";
import { chatOwnerOf } from "./chat-owner.ts";
import { findChatConnector } from "./find-chat-connector.ts";
import { pinChatHostKey } from "./pin-chat-host-key.ts";

/**
 * A chat message runs as one SQL statement on the connector, with the SQL Executor's defaults
 * (row limit, timeout); a failure is an AppError with the stage, code and hint to show.
 */
export async function runChatMessage(ctx: ServiceContext, principal: Principal, input: unknown): Promise<QueryResult> {
  chatOwnerOf(principal);
  const parsed = chatMessageInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const row = await findChatConnector(ctx, principal, parsed.data.id);
  const config = loadConnectionConfig(ctx, "chat-connector", row);
  const statement = queryInputSchema.parse({ sql: parsed.data.text });
  await admitNetworkCall(ctx, principal);
  return ctx.limits.run(`user:${row.userId}`, "user", () => runStatement(ctx, rowType(row), config, statement, (fingerprint) => pinChatHostKey(ctx, row, fingerprint)));
}
