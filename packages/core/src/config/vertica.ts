import { z } from "zod";
import { hostField, identifierField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";

export const VERTICA_TLS_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;

export const verticaConfigSchema = z.strictObject({
  host: hostField,
  port: portField.default(5433),
  database: identifierField,
  user: identifierField,
  password: secretField,
  tls_mode: z.enum(VERTICA_TLS_MODES).optional(),
  ssh_tunnel: sshTunnelSchema.optional(),
});

export const verticaPublicConfigSchema = z.object({
  host: z.string(),
  port: z.number(),
  database: z.string(),
  user: z.string(),
  has_password: z.boolean(),
  tls_mode: z.enum(VERTICA_TLS_MODES).optional(),
  ssh_tunnel: publicSshTunnelSchema.optional(),
});
