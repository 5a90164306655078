import { z } from "zod";
import { defineConnectionType } from "../registry/define-connection-type.ts";
import { databaseSpec, hostSpec, passwordSpec, portSpec, sslBlockSpecs, userSpec } from "./common-field-specs.ts";
import { hostField, identifierField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";
import { publicSslSchema, sslSchema, SSL_DESTINATION_PATHS } from "./tls.ts";

export const POSTGRESQL_SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;
const DEFAULT_PORT = 5432;

export const postgresqlConfigSchema = z.strictObject({
  host: hostField,
  port: portField.default(DEFAULT_PORT),
  database: identifierField,
  user: identifierField,
  password: secretField,
  ssl: sslSchema(POSTGRESQL_SSL_MODES).optional(),
  ssh_tunnel: sshTunnelSchema.optional(),
});

export const postgresqlPublicConfigSchema = z.object({
  host: z.string(),
  port: z.number(),
  database: z.string(),
  user: z.string(),
  has_password: z.boolean(),
  ssl: publicSslSchema(POSTGRESQL_SSL_MODES).optional(),
  ssh_tunnel: publicSshTunnelSchema.optional(),
});

export const postgresqlType = defineConnectionType({
  type: "dynamiq.connections.PostgreSQL",
  label: "PostgreSQL",
  config: postgresqlConfigSchema,
  publicConfig: postgresqlPublicConfigSchema,
  secretPaths: ["password", "ssl.key"],
  destinationPaths: ["host", "port", ...SSL_DESTINATION_PATHS],
  defaultPort: DEFAULT_PORT,
  tls: { kind: "ssl-block", modes: POSTGRESQL_SSL_MODES },
  fields: [hostSpec, portSpec, databaseSpec, userSpec, passwordSpec, ...sslBlockSpecs(POSTGRESQL_SSL_MODES)],
});
