import { wholeNumberVariable } from "@connections/core";
import type { Database } from "@connections/db";
import type { ServiceContext } from "../context.ts";

export const AUDIT_RETENTION_VARIABLE = "CONNECTIONS_AUDIT_RETENTION_DAYS";
const MAX_DAYS = 36_500;

/** How many days audit rows are kept (SPEC §12): default 90. */
export const auditRetentionDaysVariable = wholeNumberVariable({
  min: 1,
  max: MAX_DAYS,
  fallback: 90,
  problem: (text) => `${AUDIT_RETENTION_VARIABLE} must be a whole number of days from 1 to ${MAX_DAYS.toLocaleString("en")}, not "${text}"`,
});

const DAY_MS = 24 * 60 * 60 * 1000;
// Hourly: a row outlives its retention by an hour at most, and each run deletes an hour's rows.
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Deletes the rows recorded more than `days` days before `now`; returns how many. */
export async function pruneAudit(db: Database, days: number, now = new Date()): Promise<number> {
  const { count } = await db.auditEvent.deleteMany({ where: { at: { lt: new Date(now.getTime() - days * DAY_MS) } } });
  return count;
}

interface RetentionLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The server's periodic job: prunes at start, then every hour; a failed run is logged and the next one tries again. */
export function startAuditRetention(ctx: Pick<ServiceContext, "db" | "audit">, log: RetentionLog): () => void {
  const days = ctx.audit.retentionDays;
  const run = () =>
    pruneAudit(ctx.db, days).then(
      (rows) => {
        if (rows > 0) log.info({ event: "audit_pruned", rows, days }, "audit rows past their retention were deleted");
      },
      (error: unknown) => log.warn({ event: "audit_prune_failed", err: String(error) }, "old audit rows could not be deleted"),
    );
  void run();
  const timer = setInterval(() => void run(), PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
