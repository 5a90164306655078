import { AppError, type AuditEvent, type AuditList, type listAuditInputSchema } from "@connections/core";
import type { z } from "zod";
import type { Principal, ServiceContext } from "../context.ts";
import { assertProjectAccess } from "../projects/find-accessible-project.ts";

type AuditRow = Awaited<ReturnType<ServiceContext["db"]["auditEvent"]["findFirstOrThrow"]>>;

/**
 * GET /v1/audit: a project's rows, or without a project the caller's own (what only it can see:
 * its chat connectors, its sign-ins), newest first, keyset-paginated (`next_cursor` is the last row's id).
 */
export async function listAudit(
  ctx: ServiceContext,
  principal: Principal,
  input: z.output<typeof listAuditInputSchema>,
): Promise<AuditList> {
  const { project_id, connection_id, outcome, actor_id, since, until, limit, cursor } = input;
  const scope = project_id
    ? { projectId: assertProjectAccess(principal, project_id) }
    : { actorType: principal.kind, actorId: principal.id };
  const where = {
    ...scope,
    ...(connection_id ? { connectionId: connection_id } : {}),
    ...(outcome ? { outcome } : {}),
    ...(actor_id && project_id ? { actorId: actor_id } : {}),
    ...(since || until ? { at: { ...(since ? { gte: new Date(since) } : {}), ...(until ? { lt: new Date(until) } : {}) } } : {}),
  };
  // Rows recorded a moment ago are still in the writer's batch.
  await ctx.audit.flush();
  if (cursor && !(await ctx.db.auditEvent.findFirst({ where: { ...where, id: cursor }, select: { id: true } }))) {
    throw AppError.invalid([
      { path: "cursor", code: "INVALID_VALUE", message: "is not a cursor from this listing; start again without it" },
    ]);
  }
  const rows = await ctx.db.auditEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return { data: page.map(toAuditEvent), next_cursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { type: row.actorType as AuditEvent["actor"]["type"], id: row.actorId },
    action: row.action as AuditEvent["action"],
    ...(row.connectionId ? { connection_id: row.connectionId } : {}),
    ...(row.targetId ? { target_id: row.targetId } : {}),
    outcome: row.outcome as AuditEvent["outcome"],
    ...(row.code ? { code: row.code } : {}),
    ...(row.durationMs === null ? {} : { duration_ms: row.durationMs }),
    ...(row.rows === null ? {} : { rows: row.rows }),
    ...(row.bytes === null ? {} : { bytes: row.bytes }),
    client_address: row.clientAddress,
    ...(row.sql === null ? {} : { sql: row.sql }),
  };
}
