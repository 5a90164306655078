import type { AuditAction, StatementHistory, StatementHistoryEntry, statementHistoryInputSchema } from "@connections/core";
import type { z } from "zod";
import { findChatConnector } from "../chat/find-chat-connector.ts";
import { findConnection } from "../connections/find-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";

/** Whose statements: a project connection's (console and API) or a chat connector's. */
export type HistoryOwner = "connection" | "chat-connector";

const ACTION: Record<HistoryOwner, AuditAction> = { connection: "connection.query", "chat-connector": "chat_connector.run" };

// Repeats of one statement are folded, so more rows than asked for are read to fill the answer.
const ROWS_PER_ENTRY = 5;

/**
 * The caller's recent statements on one connection or chat connector, newest first, each once at
 * its last run (SPEC §12). They come from the caller's own audit rows, which keep the text and
 * never the parameters, so the history says no more than the audit log already does.
 */
export async function statementHistory(
  ctx: ServiceContext,
  principal: Principal,
  owner: HistoryOwner,
  { id, limit }: z.output<typeof statementHistoryInputSchema>,
): Promise<StatementHistory> {
  if (owner === "connection") await findConnection(ctx, principal, id);
  else await findChatConnector(ctx, principal, id);
  // A statement run a moment ago may still wait in the writer's batch.
  await ctx.audit.flush();
  const rows = await ctx.db.auditEvent.findMany({
    where: { actorId: principal.id, actorType: principal.kind, connectionId: id, action: ACTION[owner], sql: { not: null } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit * ROWS_PER_ENTRY,
    select: { sql: true, at: true, outcome: true, code: true, rows: true, durationMs: true },
  });
  const seen = new Set<string>();
  const data: StatementHistoryEntry[] = [];
  for (const row of rows) {
    if (seen.has(row.sql!) || data.length === limit) continue;
    seen.add(row.sql!);
    data.push({
      sql: row.sql!,
      at: row.at.toISOString(),
      outcome: row.outcome as StatementHistoryEntry["outcome"],
      ...(row.code ? { code: row.code } : {}),
      ...(row.rows === null ? {} : { rows: row.rows }),
      ...(row.durationMs === null ? {} : { duration_ms: row.durationMs }),
    });
  }
  return { data };
}
