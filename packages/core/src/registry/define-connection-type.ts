import type { z } from "zod";
import type { DefaultPort, FieldSpec, TlsOption } from "./field-spec.ts";

/**
 * A type's config schema: a strict object with an optional `ssh_tunnel`, or one piped into a
 * transform (to fill a default that depends on another field). The chat schemas swap the tunnel.
 */
// zod's ZodTransform is invariant in its input, so only `any` admits every type's own object.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConfigSchema = z.ZodObject | z.ZodPipe<z.ZodObject, z.ZodTransform<unknown, any>>;

/** Everything the product knows about one connection type; each type declares this once. */
export interface ConnectionTypeDefinition<
  T extends string = string,
  C extends ConfigSchema = ConfigSchema,
  P extends z.ZodType = z.ZodType,
> {
  /** The exact `type` string of the API. */
  type: T;
  label: string;
  config: C;
  /** The config as the API returns it: each secret replaced by a has_* flag. */
  publicConfig: P;
  /** The database's own secret paths (the tunnel's are added for every type). */
  secretPaths: readonly string[];
  /** The database fields that decide which server receives its secrets (the bastion's are added). */
  destinationPaths: readonly string[];
  defaultPort: DefaultPort;
  tls: TlsOption;
  /** The database fields of the UI, the tunnel aside. */
  fields: readonly FieldSpec[];
}

export type AnyConnectionTypeDefinition = ConnectionTypeDefinition<string, ConfigSchema, z.ZodType>;

/** Declares a connection type; `const` keeps its `type` string as a literal for the unions built from it. */
export function defineConnectionType<const T extends string, C extends ConfigSchema, P extends z.ZodType>(
  definition: ConnectionTypeDefinition<T, C, P>,
): ConnectionTypeDefinition<T, C, P> {
  return definition;
}
