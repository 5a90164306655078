import { insertRows, type Database } from "@connections/db";
import type { AuditEntry } from "./audit-log.ts";

export type AuditRow = AuditEntry & { id: string; at: Date };

const COLUMNS = [
  "id",
  "at",
  "projectId",
  "actorType",
  "actorId",
  "action",
  "connectionId",
  "targetId",
  "outcome",
  "code",
  "durationMs",
  "rows",
  "bytes",
  "clientAddress",
  "sql",
] as const satisfies ReadonlyArray<keyof AuditRow>;

/** Appends a batch of audit rows (see insertRows for why not createMany). */
export function insertAuditRows(db: Database, rows: readonly AuditRow[]): Promise<void> {
  return insertRows(
    db,
    "AuditEvent",
    COLUMNS,
    rows.map((row) => COLUMNS.map((column) => row[column])),
  );
}
