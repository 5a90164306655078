import { listAuditInputSchema } from "@connections/core";
import type { z } from "zod";

/** The page's filters as the URL carries them (a GET form), dates as YYYY-MM-DD in UTC. */
export interface AuditFilters {
  scope: string;
  connection: string;
  outcome: string;
  actor: string;
  since: string;
  until: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

export function filtersOf(params: Record<string, string | string[] | undefined>, defaultScope: string): AuditFilters {
  return {
    scope: text(params.scope) || defaultScope,
    connection: text(params.connection),
    outcome: text(params.outcome),
    actor: text(params.actor),
    since: text(params.since),
    until: text(params.until),
  };
}

/** The listing's input, or the first problem to show; `until` is a whole day, so it ends at the next midnight. */
export function auditInputOf(
  filters: AuditFilters,
  cursor: string,
): { input: z.output<typeof listAuditInputSchema> } | { problem: string } {
  for (const [name, value] of [
    ["From", filters.since],
    ["To", filters.until],
  ] as const) {
    if (value && (!DATE.test(value) || Number.isNaN(Date.parse(value))))
      return { problem: `${name} must be a date (YYYY-MM-DD), not "${value}"` };
  }
  const until = filters.until ? new Date(Date.parse(filters.until) + 24 * 60 * 60 * 1000).toISOString() : undefined;
  const parsed = listAuditInputSchema.safeParse({
    ...(filters.scope === "mine" ? {} : { project_id: filters.scope }),
    ...(filters.connection ? { connection_id: filters.connection } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.actor && filters.scope !== "mine" ? { actor_id: filters.actor } : {}),
    ...(filters.since ? { since: `${filters.since}T00:00:00Z` } : {}),
    ...(until ? { until } : {}),
    ...(cursor ? { cursor } : {}),
    limit: 50,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `${issue.path.join(".") || "filters"}: ${issue.message}` };
  }
  return { input: parsed.data };
}

/** The page's URL with these filters (empty ones left out) and, for the next page, a cursor. */
export function auditHref(filters: AuditFilters, cursor?: string): string {
  const query = new URLSearchParams(Object.entries({ ...filters, ...(cursor ? { cursor } : {}) }).filter(([, value]) => value !== ""));
  return `/audit?${query.toString()}`;
}
