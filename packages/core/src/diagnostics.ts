import { z } from "zod";
import { DEFAULT_MAX_BYTES, MAX_ROWS_LIMIT, maxBytesSchema, truncatedBySchema, truncatedValueSchema } from "./result-limits.ts";

/** Where a connection attempt can fail, in the order it gets there. */
export const STAGES = ["dns", "tcp", "ssh_handshake", "host_key", "ssh_auth", "forward", "db_tls", "db_auth", "query"] as const;

/** A reverse tunnel's stages: the agent's SSH connection is already open, so they start there. */
export const REVERSE_STAGES = ["agent", "forward", "db_tls", "db_auth", "query"] as const;

/** Every stage name, in any kind of test. */
export const STAGE_NAMES = [...STAGES, "agent"] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** A stable code for each way a stage fails; clients branch on these. */
export const STAGE_ERROR_CODES = [
  "DNS_FAILED",
  "DNS_TIMEOUT",
  "TCP_REFUSED",
  "TCP_UNREACHABLE",
  "TCP_TIMEOUT",
  "TARGET_DENIED",
  "SSH_HANDSHAKE_FAILED",
  "SSH_HANDSHAKE_TIMEOUT",
  "HOST_KEY_MISMATCH",
  "SSH_AUTH_FAILED",
  "SSH_AUTH_TIMEOUT",
  "FORWARD_PROHIBITED",
  "FORWARD_CONNECT_FAILED",
  "FORWARD_TIMEOUT",
  "FORWARD_REFUSED",
  "TUNNEL_LOST",
  "TUNNEL_BUSY",
  "AGENT_OFFLINE",
  "DB_CONNECT_FAILED",
  "DB_TLS_FAILED",
  "DB_AUTH_FAILED",
  "DB_TIMEOUT",
  "QUERY_FAILED",
  "QUERY_TIMEOUT",
  "READ_ONLY_VIOLATION",
] as const;
export type StageErrorCode = (typeof STAGE_ERROR_CODES)[number];

/** Why a stage did not run: a stable code, so a client can say it in its own words. */
export const STAGE_SKIP_REASONS = ["no_tunnel", "no_tls", "earlier_failure"] as const;
export type StageSkipReason = (typeof STAGE_SKIP_REASONS)[number];

/** Which SSH server of a chain a stage ran against: 1 is the first jump host, the last index the bastion. */
export const hopSchema = z.object({ index: z.int().min(1), host: z.string() });
export type Hop = z.output<typeof hopSchema>;

export const stageResultSchema = z.object({
  name: z.enum(STAGE_NAMES),
  hop: hopSchema
    .optional()
    .describe("Present on a tunnel with jump hosts, on the stages of each SSH server (dns to ssh_auth) and on forward (from the bastion)"),
  status: z.enum(["ok", "failed", "skipped"]),
  duration_ms: z.number(),
  code: z.enum(STAGE_ERROR_CODES).optional(),
  message: z.string().optional(),
  hint: z.string().optional(),
  skip_reason: z
    .enum(STAGE_SKIP_REASONS)
    .optional()
    .describe("Present when skipped: no_tunnel (a direct connection), no_tls (TLS is off), earlier_failure (a stage before it failed)"),
});
export type StageResult = z.output<typeof stageResultSchema>;

export const diagnosisSchema = z.object({
  ok: z.boolean(),
  stages: z.array(stageResultSchema),
  host_key_fingerprint: z.string().optional().describe("The bastion's host key as seen (and pinned on first success)"),
  jump_host_key_fingerprints: z
    .array(z.string().nullable())
    .optional()
    .describe("Each jump host's key as seen, in order (null for one not reached); present when the tunnel has jump hosts"),
});
export type Diagnosis = z.output<typeof diagnosisSchema>;

/** The host keys a connection saw on its way, to pin on first use: the bastion's and each jump host's. */
export type HostKeysSeen = Pick<Diagnosis, "host_key_fingerprint" | "jump_host_key_fingerprints">;

/** What a live test streams: each stage as it ends, then the whole diagnosis. */
export const liveTestEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("stage"), stage: stageResultSchema }),
  z.object({ type: z.literal("done"), diagnosis: diagnosisSchema }),
]);
export type LiveTestEvent = z.output<typeof liveTestEventSchema>;

export const queryInputSchema = z.strictObject({
  sql: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(1_000_000, "must be at most 1,000,000 characters"),
  params: z
    .array(z.union([z.string(), z.number(), z.boolean(), z.null()]), { error: "must be an array of strings, numbers, booleans or nulls" })
    .max(1000)
    .default([]),
  max_rows: z.int().min(1).max(MAX_ROWS_LIMIT).default(1000),
  // No zod default: an omitted max_bytes takes the server's ceiling when that is lower than the default.
  max_bytes: maxBytesSchema.optional().meta({
    default: DEFAULT_MAX_BYTES,
    description:
      "Most bytes of JSON the result may take; over it the result is cut at a row boundary. Default 10 MiB, or the server's ceiling when lower",
  }),
  timeout_ms: z.int().min(100).max(600_000).default(30_000),
});
export type QueryInput = z.output<typeof queryInputSchema>;

export const queryResultSchema = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  row_count: z.number(),
  truncated: z.boolean(),
  truncated_by: truncatedBySchema.optional(),
  max_bytes: z.int().optional().describe('Present when truncated_by is "bytes": the limit that cut the result'),
  truncated_values: z.array(truncatedValueSchema).optional().describe("Present only when a value was cut"),
  duration_ms: z.number(),
});
export type QueryResult = z.output<typeof queryResultSchema>;
