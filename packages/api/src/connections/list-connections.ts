import { AppError, type ConnectionList } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { assertProjectAccess } from "../projects/find-accessible-project.ts";
import type { ConnectionListing } from "./connection-inputs.ts";
import { toPublicConnection } from "./to-public-connection.ts";

/** Oldest first, keyset-paginated: `next_cursor` is the id of the last row returned. */
export async function listConnections(ctx: ServiceContext, principal: Principal, input: ConnectionListing): Promise<ConnectionList> {
  const { project_id, limit, cursor } = input;
  const projectIds = project_id ? [assertProjectAccess(principal, project_id)] : [...principal.projectIds];
  const where = { projectId: { in: projectIds } };
  if (cursor && !(await ctx.db.connection.findFirst({ where: { ...where, id: cursor }, select: { id: true } }))) {
    throw AppError.invalid([
      { path: "cursor", code: "INVALID_VALUE", message: "is not a cursor from this listing; start again without it" },
    ]);
  }
  const rows = await ctx.db.connection.findMany({
    where,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return {
    data: page.map((row) => toPublicConnection(ctx, row)),
    next_cursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
