import { z } from "zod";
import { idSchema, pageLimitSchema } from "./connection.ts";

/** What an audit row records: each is one call of the API or the web app (SPEC §12). */
export const AUDIT_ACTIONS = [
  "connection.create",
  "connection.update",
  "connection.delete",
  "connection.test",
  "connection.test_unsaved",
  "connection.query",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `error`: the call was refused or failed; `code` then says how. */
export const AUDIT_OUTCOMES = ["ok", "error"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ type: z.enum(["user", "access_key"]), id: z.string() }),
  action: z.enum(AUDIT_ACTIONS),
  connection_id: z.string().optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  code: z.string().optional().describe("How it failed: the failed stage's code, or the error's"),
  duration_ms: z.number().optional(),
  rows: z.int().optional().describe("Rows returned, for a query"),
  bytes: z.int().optional().describe("Bytes of JSON rows returned, for a query"),
  client_address: z
    .string()
    .nullable()
    .describe("Where the call came from, as the server saw it (X-Forwarded-For only from trusted proxies)"),
  sql: z.string().optional().describe("The statement's text, for a query; its parameters are never kept"),
});
export type AuditEvent = z.output<typeof auditEventSchema>;

export const auditListSchema = z.object({ data: z.array(auditEventSchema), next_cursor: z.string().nullable() });
export type AuditList = z.output<typeof auditListSchema>;

export const listAuditInputSchema = z.strictObject({
  project_id: idSchema,
  connection_id: idSchema.optional(),
  limit: pageLimitSchema,
  cursor: z.string().max(200, "is not a valid cursor").optional(),
});
export type ListAuditInput = z.input<typeof listAuditInputSchema>;
