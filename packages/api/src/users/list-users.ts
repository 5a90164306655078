import type { ServiceContext } from "../context.ts";

/** Every user with the projects they belong to, oldest first; never a password hash. */
export async function listUsers(ctx: ServiceContext) {
  const users = await ctx.db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { memberships: { select: { projectId: true }, orderBy: { projectId: "asc" } } },
  });
  return {
    data: users.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      created_at: user.createdAt,
      disabled_at: user.disabledAt,
      project_ids: user.memberships.map((m) => m.projectId),
    })),
  };
}
