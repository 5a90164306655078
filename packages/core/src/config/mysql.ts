import { z } from "zod";
import { defineConnectionType } from "../registry/define-connection-type.ts";
import { databaseSpec, hostSpec, passwordSpec, portSpec, sslBlockSpecs, userSpec } from "./common-field-specs.ts";
import { hostField, identifierField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";
import { publicSslSchema, sslSchema, SSL_DESTINATION_PATHS } from "./tls.ts";

export const MYSQL_SSL_MODES = ["disabled", "required", "verify_ca", "verify_identity"] as const;
const DEFAULT_PORT = 3306;

export const mysqlConfigSchema = z.strictObject({
  host: hostField,
  port: portField.default(DEFAULT_PORT),
  database: identifierField,
  user: identifierField,
  password: secretField,
  ssl: sslSchema(MYSQL_SSL_MODES).optional(),
  ssh_tunnel: sshTunnelSchema.optional(),
});

export const mysqlPublicConfigSchema = z.object({
  host: z.string(),
  port: z.number(),
  database: z.string(),
  user: z.string(),
  has_password: z.boolean(),
  ssl: publicSslSchema(MYSQL_SSL_MODES).optional(),
  ssh_tunnel: publicSshTunnelSchema.optional(),
});

export const mysqlType = defineConnectionType({
  type: "dynamiq.connections.MySQL",
  label: "MySQL",
  config: mysqlConfigSchema,
  publicConfig: mysqlPublicConfigSchema,
  secretPaths: ["password", "ssl.key"],
  destinationPaths: ["host", "port", ...SSL_DESTINATION_PATHS],
  defaultPort: DEFAULT_PORT,
  tls: { kind: "ssl-block", modes: MYSQL_SSL_MODES },
  fields: [hostSpec, portSpec, databaseSpec, userSpec, passwordSpec, ...sslBlockSpecs(MYSQL_SSL_MODES)],
});
