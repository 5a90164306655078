import type { QueryInput, QueryResult } from "@connections/core";
import type { RowSink } from "@connections/drivers";
import { audited, type AuditScope } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { configOf, readConnection } from "./cached-connection.ts";
import { pinHostKey } from "./pin-host-key.ts";
import { runStatement, statementSummary, type StatementRun } from "./run-statement.ts";
import { rowType } from "./stored-connection.ts";
import { admitNetworkCall } from "../throttle/call-rate-limit.ts";
import { connectionSessions } from "../sessions/session-keys.ts";

/** The SQL Executor: one statement on the connection (see runStatement), audited with its SQL text but not its parameters. */
export async function queryConnection(ctx: ServiceContext, principal: Principal, id: string, input: QueryInput): Promise<QueryResult> {
  const { result } = await audited(
    ctx,
    principal,
    { action: "connection.query", projectId: null, connectionId: id, sql: input.sql },
    (audit) => runQuery(ctx, principal, id, input, audit),
    statementSummary,
  );
  return result;
}

/** The statement on a connection the caller can reach, within its project's limits; rows go to `sink` when given. */
export async function runQuery(
  ctx: ServiceContext,
  principal: Principal,
  id: string,
  input: QueryInput,
  audit: AuditScope,
  sink?: RowSink,
): Promise<StatementRun> {
  const cached = await readConnection(ctx, principal, id);
  const { row } = cached;
  audit.projectId = row.projectId;
  const config = configOf(ctx, cached);
  await admitNetworkCall(ctx, principal);
  return ctx.limits.run(`project:${row.projectId}`, "project", () =>
    runStatement(
      ctx,
      { sessionKey: connectionSessions(row.id), type: rowType(row), config, readOnly: row.readOnly },
      input,
      (seen) => pinHostKey(ctx, row, seen),
      sink,
    ),
  );
}
