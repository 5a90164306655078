import { z } from "zod";
import { idSchema, pageLimitSchema } from "./connection.ts";

/** What an audit row records: each is one call of the API, the web app or the admin CLI (SPEC §12). */
export const AUDIT_ACTIONS = [
  "connection.create",
  "connection.update",
  "connection.delete",
  "connection.test",
  "connection.test_unsaved",
  "connection.query",
  "chat_connector.create",
  "chat_connector.update",
  "chat_connector.delete",
  "chat_connector.test",
  "chat_connector.test_unsaved",
  "chat_connector.run",
  "tunnel.accept_host_key",
  "session.sign_in",
  "session.sign_out",
  "session.end",
  "project.create",
  "access_key.create",
  "access_key.revoke",
  "user.create",
  "user.disable",
  "user.enable",
  "user.reset_password",
  "demo.seed",
  "encryption.rotate",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `error`: the call was refused or failed; `code` then says how. */
export const AUDIT_OUTCOMES = ["ok", "error"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Who acted: a signed-in user, an access key, the admin CLI (`operator`, by the OS account that ran
 * it), or a sign-in attempt for an account that does not exist (`anonymous`, by the email typed).
 */
export const AUDIT_ACTOR_TYPES = ["user", "access_key", "operator", "anonymous"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string() }),
  action: z.enum(AUDIT_ACTIONS),
  connection_id: z.string().optional().describe("The connection or chat connector the call was about"),
  target_id: z
    .string()
    .optional()
    .describe("What an admin CLI command acted on (a user, access key or project), or the tunnel whose new host key was accepted"),
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
  project_id: idSchema.optional().describe("A project's rows; without it, the caller's own rows (its chat connectors and sign-ins too)"),
  connection_id: idSchema.optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  actor_id: z.string().min(1).max(320).optional().describe("Rows of this user, access key, operator or typed email only"),
  since: z.iso.datetime({ offset: true }).optional().describe("Rows at or after this time"),
  until: z.iso.datetime({ offset: true }).optional().describe("Rows before this time"),
  limit: pageLimitSchema,
  cursor: z.string().max(200, "is not a valid cursor").optional(),
});
export type ListAuditInput = z.input<typeof listAuditInputSchema>;
