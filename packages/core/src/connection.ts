import { z } from "zod";
import { clickhouseConfigSchema } from "./config/clickhouse.ts";
import { CONNECTION_TYPE_NAMES, CONNECTION_TYPES, connectionTypeSchema, unknownTypeError } from "./config/connection-types.ts";
import { expected, visibleText } from "./config/fields.ts";
import { mysqlConfigSchema } from "./config/mysql.ts";
import { postgresqlConfigSchema } from "./config/postgresql.ts";
import { trinoConfigSchema } from "./config/trino.ts";
import { updateConfigField } from "./config/update-config-field.ts";
import { verticaConfigSchema } from "./config/vertica.ts";
import { STAGE_ERROR_CODES, STAGES } from "./diagnostics.ts";

export const connectionNameSchema = z
  .string({ error: expected("a string") })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine(...visibleText);

export const idSchema = z.string({ error: expected("a string id") }).min(1, "must not be empty").max(64, "is not a valid id");

function createVariant<T extends keyof typeof CONNECTION_TYPES, C extends z.ZodType>(type: T, config: C) {
  return z.strictObject({ name: connectionNameSchema, project_id: idSchema, type: z.literal(type), config });
}

export const createConnectionInputSchema = z.discriminatedUnion(
  "type",
  [
    createVariant("dynamiq.connections.PostgreSQL", postgresqlConfigSchema),
    createVariant("dynamiq.connections.MySQL", mysqlConfigSchema),
    createVariant("dynamiq.connections.ClickHouse", clickhouseConfigSchema),
    createVariant("dynamiq.connections.Vertica", verticaConfigSchema),
    createVariant("dynamiq.connections.Trino", trinoConfigSchema),
  ],
  { error: unknownTypeError },
);
export type CreateConnectionInput = z.input<typeof createConnectionInputSchema>;

function unsavedVariant<T extends keyof typeof CONNECTION_TYPES, C extends z.ZodType>(type: T, config: C) {
  return z.strictObject({ type: z.literal(type), config, project_id: idSchema.optional() });
}

/** POST /v1/connections/test: a connection as it would be created, tested without saving it. */
export const testUnsavedConnectionInputSchema = z.discriminatedUnion(
  "type",
  [
    unsavedVariant("dynamiq.connections.PostgreSQL", postgresqlConfigSchema),
    unsavedVariant("dynamiq.connections.MySQL", mysqlConfigSchema),
    unsavedVariant("dynamiq.connections.ClickHouse", clickhouseConfigSchema),
    unsavedVariant("dynamiq.connections.Vertica", verticaConfigSchema),
    unsavedVariant("dynamiq.connections.Trino", trinoConfigSchema),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? { message: `must be one of: ${CONNECTION_TYPE_NAMES.join(", ")}`, path: ["type"] } : undefined) },
);

/**
 * PUT body: the full new config. Secret fields may be left out (keep the stored value) or null
 * (clear it), so the config is checked against its type's schema only after the service has
 * merged the stored secrets in.
 */
export const updateConnectionInputSchema = z.strictObject({
  name: connectionNameSchema.optional(),
  type: connectionTypeSchema.optional(),
  config: updateConfigField,
});
export type UpdateConnectionInput = z.input<typeof updateConnectionInputSchema>;

export const listConnectionsInputSchema = z.strictObject({
  project_id: idSchema.optional(),
  limit: z.coerce
    .number({ error: expected("an integer from 1 to 200") })
    .int("must be an integer from 1 to 200")
    .min(1, "must be an integer from 1 to 200")
    .max(200, "must be an integer from 1 to 200")
    .default(50),
  cursor: z.string().max(200, "is not a valid cursor").optional(),
});
export type ListConnectionsInput = z.input<typeof listConnectionsInputSchema>;

const publicConfigSchema = z.union(Object.values(CONNECTION_TYPES).map((t) => t.publicConfig));

export const lastTestSchema = z.object({
  ok: z.boolean(),
  at: z.iso.datetime(),
  failed_stage: z.enum(STAGES).nullable(),
  code: z.enum(STAGE_ERROR_CODES).nullable(),
});
export type LastTest = z.output<typeof lastTestSchema>;

export const connectionSchema = z.object({
  id: z.string(),
  project_id: z.string(),
  name: z.string(),
  type: connectionTypeSchema,
  config: publicConfigSchema.describe("The config with every secret replaced by a has_* presence flag"),
  last_test: lastTestSchema.nullable().describe("The latest test of this config (POST …/test), or null when it has not been tested since it was saved"),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Connection = z.output<typeof connectionSchema>;

export const connectionListSchema = z.object({
  data: z.array(connectionSchema),
  next_cursor: z.string().nullable(),
});
export type ConnectionList = z.output<typeof connectionListSchema>;
