import { z } from "zod";
import { hostField, identifierField, pemField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";
import { certAndKeyTogether } from "./tls.ts";

export const POSTGRESQL_SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;

export const postgresqlConfigSchema = z.strictObject({
  host: hostField,
  port: portField.default(5432),
  database: identifierField,
  user: identifierField,
  password: secretField,
  ssl: z
    .strictObject({
      mode: z.enum(POSTGRESQL_SSL_MODES),
      ca: pemField.optional(),
      cert: pemField.optional(),
      key: pemField.optional(),
    })
    .check(certAndKeyTogether)
    .optional(),
  ssh_tunnel: sshTunnelSchema.optional(),
});

export const postgresqlPublicConfigSchema = z.object({
  host: z.string(),
  port: z.number(),
  database: z.string(),
  user: z.string(),
  has_password: z.boolean(),
  ssl: z
    .object({ mode: z.enum(POSTGRESQL_SSL_MODES), ca: z.string().optional(), cert: z.string().optional(), has_key: z.boolean() })
    .optional(),
  ssh_tunnel: publicSshTunnelSchema.optional(),
});
