import { z } from "zod";
import { expected, hostField, identifierField, pemField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";

export const clickhouseConfigSchema = z
  .strictObject({
    host: hostField,
    // Default depends on `secure`: 8443 for HTTPS, 8123 for HTTP.
    port: portField.optional(),
    database: identifierField.default("default"),
    user: identifierField.default("default"),
    // The stock `default` user has an empty password, so empty is allowed here.
    password: secretField,
    secure: z.boolean({ error: expected("true or false") }).default(false),
    // Extra CA to trust with `secure` (a private CA); the host name is still verified. Not a secret.
    tls_ca: pemField.optional(),
    ssh_tunnel: sshTunnelSchema.optional(),
  })
  .transform((config) => ({ ...config, port: config.port ?? (config.secure ? 8443 : 8123) }));

export const clickhousePublicConfigSchema = z.object({
  host: z.string(),
  port: z.number(),
  database: z.string(),
  user: z.string(),
  has_password: z.boolean(),
  secure: z.boolean(),
  tls_ca: z.string().optional(),
  ssh_tunnel: publicSshTunnelSchema.optional(),
});
