import type { QueryInput, QueryResult } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { configOf, readConnection } from "./cached-connection.ts";
import { pinHostKey } from "./pin-host-key.ts";
import { runStatement } from "./run-statement.ts";
import { rowType } from "./stored-connection.ts";
import { admitNetworkCall } from "../throttle/call-rate-limit.ts";
import { connectionSessions } from "../sessions/session-keys.ts";

/** The SQL Executor: one statement on the connection (see runStatement). */
export async function queryConnection(ctx: ServiceContext, principal: Principal, id: string, input: QueryInput): Promise<QueryResult> {
  const cached = await readConnection(ctx, principal, id);
  const { row } = cached;
  const config = configOf(ctx, cached);
  await admitNetworkCall(ctx, principal);
  return ctx.limits.run(`project:${row.projectId}`, "project", () =>
    runStatement(ctx, { sessionKey: connectionSessions(row.id), type: rowType(row), config, readOnly: row.readOnly }, input, (seen) =>
      pinHostKey(ctx, row, seen),
    ),
  );
}
