import { z } from "zod";
import { hostField, identifierField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";
import { publicSslSchema, sslSchema } from "./tls.ts";

export const MYSQL_SSL_MODES = ["disabled", "required", "verify_ca", "verify_identity"] as const;

export const mysqlConfigSchema = z.strictObject({
  host: hostField,
  port: portField.default(3306),
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
