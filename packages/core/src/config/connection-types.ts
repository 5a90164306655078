import type { z } from "zod";
import { connectionTypeRegistry, type ConfigOfType } from "../registry/connection-type-registry.ts";
import { clickhouseType } from "./clickhouse.ts";
import { mysqlType } from "./mysql.ts";
import { postgresqlType } from "./postgresql.ts";
import { trinoType } from "./trino.ts";
import { verticaType } from "./vertica.ts";

export { TUNNEL_SECRET_PATHS } from "../registry/connection-type-registry.ts";

/** The product's connection types, in the order the UI offers them. A new type is one more entry. */
export const CONNECTION_TYPE_REGISTRY = connectionTypeRegistry([postgresqlType, mysqlType, clickhouseType, verticaType, trinoType]);

/** The definitions of the default registry's types. */
export type ConnectionTypeDefinitions = (typeof CONNECTION_TYPE_REGISTRY)["definitions"][number];
export type ConnectionType = ConnectionTypeDefinitions["type"];

/** Everything the service needs to know about a connection type, keyed by its exact type string. */
export const CONNECTION_TYPES = CONNECTION_TYPE_REGISTRY.byType;

export const CONNECTION_TYPE_NAMES = CONNECTION_TYPE_REGISTRY.names as [ConnectionType, ...ConnectionType[]];

export const connectionTypeSchema = CONNECTION_TYPE_REGISTRY.typeSchema;

/**
 * The error of a union discriminated by `type` when no variant matched on it: one message on the
 * `type` field instead of one per variant.
 */
export const unknownTypeError = CONNECTION_TYPE_REGISTRY.unknownTypeError;

export type ConnectionConfig<T extends ConnectionType = ConnectionType> = ConfigOfType<ConnectionTypeDefinitions, T>;
export type PublicConnectionConfig<T extends ConnectionType = ConnectionType> = z.output<(typeof CONNECTION_TYPES)[T]["publicConfig"]>;

/** Secret paths of a type: the database's own plus the tunnel's. */
export function secretPathsOf(type: ConnectionType): readonly string[] {
  return CONNECTION_TYPE_REGISTRY.secretPathsOf(type);
}
