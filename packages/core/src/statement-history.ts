import { z } from "zod";
import { AUDIT_OUTCOMES } from "./audit.ts";
import { idSchema } from "./connection.ts";

/** Most statements a history answer holds. */
export const MAX_HISTORY_ENTRIES = 50;

/** The caller's recent statements on one connection or chat connector (SPEC §12), newest first. */
export const statementHistoryInputSchema = z.strictObject({
  id: idSchema,
  limit: z.int().min(1).max(MAX_HISTORY_ENTRIES).default(20),
});
export type StatementHistoryInput = z.input<typeof statementHistoryInputSchema>;

export const statementHistoryEntrySchema = z.object({
  sql: z.string(),
  at: z.iso.datetime().describe("When it last ran"),
  outcome: z.enum(AUDIT_OUTCOMES),
  code: z.string().optional().describe("How its last run failed"),
  rows: z.int().optional(),
  duration_ms: z.number().optional(),
});
export type StatementHistoryEntry = z.output<typeof statementHistoryEntrySchema>;

export const statementHistorySchema = z.object({
  data: z.array(statementHistoryEntrySchema).describe("Each statement once, at its last run; taken from the caller's audit rows"),
});
export type StatementHistory = z.output<typeof statementHistorySchema>;
