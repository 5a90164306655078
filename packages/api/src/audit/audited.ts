import { isAppError, type AuditAction, type AuditActorType } from "@connections/core";
import type { ServiceContext } from "../context.ts";

/** Who a row names: a Principal is one; the CLI and sign-in name theirs. */
export interface AuditActor {
  kind: AuditActorType;
  id: string;
  address?: string | null;
}

/** What a call is about; the project and connection may be learnt only once the call has looked them up. */
export interface AuditScope {
  action: AuditAction;
  projectId: string | null;
  connectionId: string | null;
  /** What a CLI command acted on when it is not a connection: a user, access key or project. */
  targetId?: string | null;
  sql: string | null;
}

/** What a finished call adds to its row. */
export interface AuditSummary {
  failedCode?: string | null;
  rows?: number;
  bytes?: number;
}

/**
 * Runs `call` and records exactly one audit row for it: who, what, where from, how long, and its
 * outcome (the failure's code when it threw or `summarise` names one). The call may fill in the
 * scope's project and connection, and who the actor is, as it learns them.
 */
export async function audited<T>(
  ctx: Pick<ServiceContext, "audit">,
  actor: AuditActor,
  scope: AuditScope,
  call: (scope: AuditScope) => Promise<T>,
  summarise: (result: T) => AuditSummary = () => ({}),
): Promise<T> {
  const started = performance.now();
  const record = (outcome: "ok" | "error", code: string | null, summary: AuditSummary = {}) =>
    ctx.audit.record({
      projectId: scope.projectId,
      actorType: actor.kind,
      actorId: actor.id,
      action: scope.action,
      connectionId: scope.connectionId,
      targetId: scope.targetId ?? null,
      outcome,
      code,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      rows: summary.rows ?? null,
      bytes: summary.bytes ?? null,
      clientAddress: actor.address ?? null,
      sql: scope.sql,
    });
  let result: T;
  try {
    result = await call(scope);
  } catch (error) {
    record("error", failureCode(error));
    throw error;
  }
  const summary = summarise(result);
  record(summary.failedCode ? "error" : "ok", summary.failedCode ?? null, summary);
  return result;
}

/** The most specific code of a failure: the failed stage's (TCP_REFUSED), else the error's (NOT_FOUND). */
function failureCode(error: unknown): string {
  if (!isAppError(error)) return "INTERNAL";
  const details = error.details as { code?: unknown } | undefined;
  return details && !Array.isArray(details) && typeof details.code === "string" ? details.code : error.code;
}
