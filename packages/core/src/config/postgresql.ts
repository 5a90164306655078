import { z } from "zod";
import { hostField, identifierField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";
import { publicSslSchema, sslSchema } from "./tls.ts";

export const POSTGRESQL_SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;

export const postgresqlConfigSchema = z.strictObject({
  host: hostField,
  port: portField.default(5432),
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
