import { z } from "zod";
import { CONNECTION_TYPE_REGISTRY } from "./config/connection-types.ts";
import { expected, hostField, identifierField, portField } from "./config/fields.ts";
import { bastionTunnelSchema, reverseTunnelSchema, tunnelModeError } from "./config/ssh-tunnel.ts";
import { updateConfigField } from "./config/update-config-field.ts";
import { connectionNameSchema, idSchema, publicConfigSchemaOf, readOnlySchema } from "./connection.ts";
import { queryInputSchema } from "./diagnostics.ts";
import type { ConnectionTypeRegistry } from "./registry/connection-type-registry.ts";
import { oncePerRegistry } from "./registry/once-per-registry.ts";
import type { AnyConnectionTypeDefinition, ConfigSchema } from "./registry/define-connection-type.ts";

/** The bastion fields a chat connector's tunnel needs. */
const CHAT_TUNNEL_REQUIRED_FIELDS = ["host", "port", "user", "private_key"] as const;

const MISSING = "is required to connect through the SSH bastion";

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || Number.isNaN(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Every bastion field may be absent here; the refinement below names each missing one once.
const chatTunnelFields = bastionTunnelSchema.extend({
  host: hostField.optional(),
  port: portField.optional(),
  user: identifierField.optional(),
  private_key: z
    .string({ error: expected("the private key text (PEM or OpenSSH)") })
    .max(64 * 1024, "must be at most 64 KiB")
    .optional(),
});

/**
 * Chat's bastion is saved only with host, port, user and private key all filled: a blank field
 * counts as missing and gets exactly one error, so the modal and the server name the same
 * missing fields. No key pair is generated for a chat connector.
 */
export const chatSshTunnelSchema = z.preprocess(
  (value) => (isObject(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => !isBlank(v))) : value),
  z.discriminatedUnion(
    "mode",
    [
      chatTunnelFields.superRefine(
        (tunnel, ctx) => {
          for (const field of CHAT_TUNNEL_REQUIRED_FIELDS) {
            if (tunnel[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: MISSING });
          }
        },
        // Also when another field is invalid, so every missing field is named in one go.
        { when: (payload) => isObject(payload.value) },
      ),
      reverseTunnelSchema,
    ],
    { error: tunnelModeError },
  ),
);

const chatTunnel = { ssh_tunnel: chatSshTunnelSchema.optional() };

/**
 * A type's own config schema with Chat's stricter bastion block. Its output is the type's config:
 * the bastion's refinement leaves no field of it absent.
 */
function chatConfigOf<C extends ConfigSchema>(config: C): z.ZodType<z.output<C>, z.input<C>> {
  const schema = config instanceof z.ZodPipe ? config.in.extend(chatTunnel).pipe(config.out) : (config as z.ZodObject).extend(chatTunnel);
  return schema as unknown as z.ZodType<z.output<C>, z.input<C>>;
}

function createVariant<T extends string, C extends z.ZodType>(type: T, config: C) {
  return z.strictObject({ name: connectionNameSchema, type: z.literal(type), read_only: readOnlySchema.optional(), config });
}

function testVariant<T extends string, C extends z.ZodType>(type: T, config: C) {
  return z.strictObject({ type: z.literal(type), config });
}

type CreateVariant<D> = D extends AnyConnectionTypeDefinition
  ? ReturnType<typeof createVariant<D["type"], z.ZodType<z.output<D["config"]>, z.input<D["config"]>>>>
  : never;
type TestVariant<D> = D extends AnyConnectionTypeDefinition
  ? ReturnType<typeof testVariant<D["type"], z.ZodType<z.output<D["config"]>, z.input<D["config"]>>>>
  : never;

/** Chat connectors' config schemas by type, their create body and the connector as returned, for a registry's types. */
export const chatConnectorSchemas = oncePerRegistry(function chatConnectorSchemas<D extends AnyConnectionTypeDefinition>(
  registry: ConnectionTypeRegistry<D>,
) {
  const entries = registry.definitions.map((definition) => [definition.type, chatConfigOf(definition.config)] as const);
  const configs = Object.fromEntries(entries) as {
    readonly [K in D["type"]]: z.ZodType<z.output<Extract<D, { type: K }>["config"]>, z.input<Extract<D, { type: K }>["config"]>>;
  };
  const variants = entries.map(([type, config]) => createVariant(type, config));
  return {
    configs,
    create: z.discriminatedUnion("type", variants as unknown as [CreateVariant<D>, ...CreateVariant<D>[]], {
      error: (issue) => registry.unknownTypeError(issue),
    }),
    /** A connector's type and config as typed, to test before saving (nothing is stored). */
    testUnsaved: z.discriminatedUnion(
      "type",
      entries.map(([type, config]) => testVariant(type, config)) as unknown as [TestVariant<D>, ...TestVariant<D>[]],
      { error: (issue) => registry.unknownTypeError(issue) },
    ),
    connector: z.object({
      id: z.string(),
      name: z.string(),
      type: registry.typeSchema,
      read_only: readOnlySchema,
      config: publicConfigSchemaOf(registry).describe("The config with every secret replaced by a has_* presence flag"),
      created_at: z.iso.datetime(),
      updated_at: z.iso.datetime(),
    }),
  };
});

const schemas = chatConnectorSchemas(CONNECTION_TYPE_REGISTRY);

/** Each type's own config schema, with Chat's stricter bastion block. */
export const CHAT_CONFIG_SCHEMAS = schemas.configs;

export const createChatConnectorInputSchema = schemas.create;
export type CreateChatConnectorInput = z.input<typeof createChatConnectorInputSchema>;

export const testUnsavedChatConnectorInputSchema = schemas.testUnsaved;
export type TestUnsavedChatConnectorInput = z.input<typeof testUnsavedChatConnectorInputSchema>;

/**
 * The full new config, as for connections: a secret left out keeps its stored value, `null`
 * clears it; the config is checked against its type's chat schema after the merge.
 */
export const updateChatConnectorInputSchema = z.strictObject({
  id: idSchema,
  name: connectionNameSchema.optional(),
  read_only: readOnlySchema.optional().describe("Left out: unchanged"),
  config: updateConfigField,
});
export type UpdateChatConnectorInput = z.input<typeof updateChatConnectorInputSchema>;

/** One chat message: its text runs as one SQL statement on the connector. */
export const chatMessageInputSchema = z.strictObject({ id: idSchema, text: queryInputSchema.shape.sql });
export type ChatMessageInput = z.input<typeof chatMessageInputSchema>;

/** Chat's CSV download: the message to run again; the connector is named by the path. */
export const chatExportInputSchema = chatMessageInputSchema.pick({ text: true });

export const chatConnectorSchema = schemas.connector;
export type ChatConnector = z.output<typeof chatConnectorSchema>;
