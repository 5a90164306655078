import { z } from "zod";
import { CONNECTION_TYPE_REGISTRY } from "./config/connection-types.ts";
import { expected, visibleText } from "./config/fields.ts";
import { updateConfigField } from "./config/update-config-field.ts";
import type { ConnectionTypeRegistry } from "./registry/connection-type-registry.ts";
import { oncePerRegistry } from "./registry/once-per-registry.ts";
import type { AnyConnectionTypeDefinition, ConfigSchema } from "./registry/define-connection-type.ts";
import { STAGE_ERROR_CODES, STAGE_NAMES } from "./diagnostics.ts";

export const connectionNameSchema = z
  .string({ error: expected("a string") })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine(...visibleText);

/** SPEC §12: every statement on the connection runs in a session that refuses changes. */
export const readOnlySchema = z
  .boolean({ error: expected("true or false") })
  .describe("Refuse every statement that changes data (READ_ONLY_VIOLATION); the database's own session enforces it where it can");

export const idSchema = z
  .string({ error: expected("a string id") })
  .min(1, "must not be empty")
  .max(64, "is not a valid id");

function createVariant<T extends string, C extends ConfigSchema>(type: T, config: C) {
  return z.strictObject({
    name: connectionNameSchema,
    project_id: idSchema,
    type: z.literal(type),
    read_only: readOnlySchema.optional(),
    config,
  });
}

function unsavedVariant<T extends string, C extends ConfigSchema>(type: T, config: C) {
  return z.strictObject({ type: z.literal(type), config, project_id: idSchema.optional() });
}

// One variant per type, distributed over the registry's definitions so each keeps its config type.
type CreateVariant<D> = D extends AnyConnectionTypeDefinition ? ReturnType<typeof createVariant<D["type"], D["config"]>> : never;
type UnsavedVariant<D> = D extends AnyConnectionTypeDefinition ? ReturnType<typeof unsavedVariant<D["type"], D["config"]>> : never;
type Variants<V> = [V, ...V[]];

/** The request bodies of connections, derived from a registry's types. */
export const connectionInputSchemas = oncePerRegistry(function connectionInputSchemas<D extends AnyConnectionTypeDefinition>(
  registry: ConnectionTypeRegistry<D>,
) {
  const choices = registry.names.join(", ");
  return {
    create: z.discriminatedUnion(
      "type",
      registry.definitions.map((definition) => createVariant(definition.type, definition.config)) as unknown as Variants<CreateVariant<D>>,
      { error: (issue) => registry.unknownTypeError(issue) },
    ),
    /** POST /v1/connections/test: a connection as it would be created, tested without saving it. */
    testUnsaved: z.discriminatedUnion(
      "type",
      registry.definitions.map((definition) => unsavedVariant(definition.type, definition.config)) as unknown as Variants<
        UnsavedVariant<D>
      >,
      { error: (issue) => (issue.code === "invalid_union" ? { message: `must be one of: ${choices}`, path: ["type"] } : undefined) },
    ),
    /**
     * PUT body: the full new config. Secret fields may be left out (keep the stored value) or null
     * (clear it), so the config is checked against its type's schema only after the service has
     * merged the stored secrets in.
     */
    update: z.strictObject({
      name: connectionNameSchema.optional(),
      type: registry.typeSchema.optional(),
      read_only: readOnlySchema.optional().describe("Left out: unchanged"),
      config: updateConfigField,
    }),
  };
});

const inputSchemas = connectionInputSchemas(CONNECTION_TYPE_REGISTRY);

export const createConnectionInputSchema = inputSchemas.create;
export type CreateConnectionInput = z.input<typeof createConnectionInputSchema>;

/** POST /v1/connections/test: a connection as it would be created, tested without saving it. */
export const testUnsavedConnectionInputSchema = inputSchemas.testUnsaved;

export const updateConnectionInputSchema = inputSchemas.update;
export type UpdateConnectionInput = z.input<typeof updateConnectionInputSchema>;

/** How many rows a page of a listing holds. */
export const pageLimitSchema = z.coerce
  .number({ error: expected("an integer from 1 to 200") })
  .int("must be an integer from 1 to 200")
  .min(1, "must be an integer from 1 to 200")
  .max(200, "must be an integer from 1 to 200")
  .default(50);

export const listConnectionsInputSchema = z.strictObject({
  project_id: idSchema.optional(),
  limit: pageLimitSchema,
  cursor: z.string().max(200, "is not a valid cursor").optional(),
});
export type ListConnectionsInput = z.input<typeof listConnectionsInputSchema>;

export const lastTestSchema = z.object({
  ok: z.boolean(),
  at: z.iso.datetime(),
  failed_stage: z.enum(STAGE_NAMES).nullable(),
  code: z.enum(STAGE_ERROR_CODES).nullable(),
});
export type LastTest = z.output<typeof lastTestSchema>;

/** The config as the API returns it, whichever of the registry's types it is. */
export function publicConfigSchemaOf<D extends AnyConnectionTypeDefinition>(registry: ConnectionTypeRegistry<D>) {
  const [first, ...rest] = registry.definitions;
  return z.union([first.publicConfig, ...rest.map((definition) => definition.publicConfig)] as Variants<D["publicConfig"]>);
}

/** A connection as the API returns it, and a page of them, for a registry's types. */
export const connectionOutputSchemas = oncePerRegistry(function connectionOutputSchemas<D extends AnyConnectionTypeDefinition>(
  registry: ConnectionTypeRegistry<D>,
) {
  const connection = z.object({
    id: z.string(),
    project_id: z.string(),
    name: z.string(),
    type: registry.typeSchema,
    read_only: readOnlySchema,
    config: publicConfigSchemaOf(registry).describe("The config with every secret replaced by a has_* presence flag"),
    last_test: lastTestSchema
      .nullable()
      .describe("The latest test of this config (POST …/test), or null when it has not been tested since it was saved"),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  });
  return { connection, list: z.object({ data: z.array(connection), next_cursor: z.string().nullable() }) };
});

const outputSchemas = connectionOutputSchemas(CONNECTION_TYPE_REGISTRY);

export const connectionSchema = outputSchemas.connection;
export type Connection = z.output<typeof connectionSchema>;

export const connectionListSchema = outputSchemas.list;
export type ConnectionList = z.output<typeof connectionListSchema>;
