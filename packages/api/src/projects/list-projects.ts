import type { Principal, ServiceContext } from "../context.ts";

/** The projects the caller belongs to, by name. */
export async function listProjects(ctx: ServiceContext, principal: Principal): Promise<Array<{ id: string; name: string }>> {
  return ctx.db.project.findMany({
    where: { id: { in: [...principal.projectIds] } },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}
