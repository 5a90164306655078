import { AppError } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import type { ConnectionRow } from "./stored-connection.ts";

/** A connection in one of the principal's projects; anything else is "not found". */
export async function findConnection(ctx: ServiceContext, principal: Principal, id: unknown): Promise<ConnectionRow> {
  const row =
    typeof id === "string" && id.length <= 64
      ? await ctx.db.connection.findFirst({ where: { id, projectId: { in: [...principal.projectIds] } } })
      : null;
  if (!row) throw AppError.notFound(`connection ${typeof id === "string" ? id.slice(0, 64) : ""}`.trim());
  return row;
}
