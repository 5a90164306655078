import { AppError } from "@connections/core";
import type { ServiceContext } from "../context.ts";

type AccessKeyRow = Awaited<ReturnType<ServiceContext["db"]["accessKey"]["findUniqueOrThrow"]>>;

/** What an operator sees of a key: never its secret nor the secret's hash. */
export function toListedAccessKey(row: AccessKeyRow) {
  return {
    id: row.id,
    project_id: row.projectId,
    name: row.name,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
  };
}

/** Every access key (or a project's), oldest first, revoked ones included. */
export async function listAccessKeys(ctx: ServiceContext, projectId?: string) {
  if (projectId !== undefined && !(await ctx.db.project.findUnique({ where: { id: projectId } }))) {
    throw new AppError("NOT_FOUND", `no project with id ${projectId}`);
  }
  const rows = await ctx.db.accessKey.findMany({
    where: projectId === undefined ? {} : { projectId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return { data: rows.map(toListedAccessKey) };
}
