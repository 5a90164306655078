import { z } from "zod";
import { clickhouseConfigSchema, clickhousePublicConfigSchema } from "./clickhouse.ts";
import { mysqlConfigSchema, mysqlPublicConfigSchema } from "./mysql.ts";
import { postgresqlConfigSchema, postgresqlPublicConfigSchema } from "./postgresql.ts";
import { trinoConfigSchema, trinoPublicConfigSchema } from "./trino.ts";
import { verticaConfigSchema, verticaPublicConfigSchema } from "./vertica.ts";

export const TUNNEL_SECRET_PATHS = ["ssh_tunnel.private_key", "ssh_tunnel.private_key_passphrase"] as const;

/** Everything the service needs to know about a connection type, keyed by its exact type string. */
export const CONNECTION_TYPES = {
  "dynamiq.connections.PostgreSQL": {
    label: "PostgreSQL",
    config: postgresqlConfigSchema,
    publicConfig: postgresqlPublicConfigSchema,
    secretPaths: ["password", "ssl.key"],
  },
  "dynamiq.connections.MySQL": {
    label: "MySQL",
    config: mysqlConfigSchema,
    publicConfig: mysqlPublicConfigSchema,
    secretPaths: ["password", "ssl.key"],
  },
  "dynamiq.connections.ClickHouse": {
    label: "ClickHouse",
    config: clickhouseConfigSchema,
    publicConfig: clickhousePublicConfigSchema,
    secretPaths: ["password"],
  },
  "dynamiq.connections.Vertica": {
    label: "Vertica",
    config: verticaConfigSchema,
    publicConfig: verticaPublicConfigSchema,
    secretPaths: ["password"],
  },
  "dynamiq.connections.Trino": {
    label: "Trino",
    config: trinoConfigSchema,
    publicConfig: trinoPublicConfigSchema,
    secretPaths: ["password"],
  },
} as const;

export type ConnectionType = keyof typeof CONNECTION_TYPES;
export const CONNECTION_TYPE_NAMES = Object.keys(CONNECTION_TYPES) as [ConnectionType, ...ConnectionType[]];

export const connectionTypeSchema = z.enum(CONNECTION_TYPE_NAMES, {
  error: (issue) =>
    issue.input === undefined ? "is required" : `must be one of: ${CONNECTION_TYPE_NAMES.join(", ")}`,
});

/**
 * The error of a union discriminated by `type` when no variant matched on it: one message on the
 * `type` field instead of one per variant.
 */
export function unknownTypeError(issue: { code: string; input?: unknown }): { message: string; path: string[] } | undefined {
  if (issue.code !== "invalid_union") return undefined;
  const given = (issue.input as { type?: unknown } | undefined)?.type;
  const choices = CONNECTION_TYPE_NAMES.join(", ");
  return { message: given === undefined ? `is required: one of ${choices}` : `must be one of: ${choices}`, path: ["type"] };
}

export type ConnectionConfig<T extends ConnectionType = ConnectionType> = z.output<(typeof CONNECTION_TYPES)[T]["config"]>;
export type PublicConnectionConfig<T extends ConnectionType = ConnectionType> = z.output<
  (typeof CONNECTION_TYPES)[T]["publicConfig"]
>;

/** Secret paths of a type: the database's own plus the tunnel's. */
export function secretPathsOf(type: ConnectionType): readonly string[] {
  return [...CONNECTION_TYPES[type].secretPaths, ...TUNNEL_SECRET_PATHS];
}
