import { AppError } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import type { ConnectionRow } from "./stored-connection.ts";

/** A connection in one of the principal's projects; anything else is "not found". */
export async function findConnection(ctx: ServiceContext, principal: Principal, id: string): Promise<ConnectionRow> {
  // An id longer than any we issue is "not found" like any other unknown id, not a field error.
  const row = id.length <= 64 ? await ctx.db.connection.findFirst({ where: { id, projectId: { in: [...principal.projectIds] } } }) : null;
  if (!row) throw AppError.notFound(`connection ${id.slice(0, 64)}`.trim());
  return row;
}
