import { z } from "zod";
import { hostField, identifierField, pemField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";

export const TRINO_HTTP_SCHEMES = ["http", "https"] as const;

export const trinoConfigSchema = z
  .strictObject({
    host: hostField,
    // Default depends on `http_scheme`: 443 for https, 8080 for http.
    port: portField.optional(),
    user: identifierField,
    password: secretField.optional(),
    catalog: identifierField.optional(),
    schema: identifierField.optional(),
    http_scheme: z.enum(TRINO_HTTP_SCHEMES).default("http"),
    // Extra CA to trust with https (a private CA); the host name is still verified. Not a secret.
    tls_ca: pemField.optional(),
    ssh_tunnel: sshTunnelSchema.optional(),
  })
  .transform((config) => ({ ...config, port: config.port ?? (config.http_scheme === "https" ? 443 : 8080) }));

export const trinoPublicConfigSchema = z.object({
  host: z.string(),
  port: z.number(),
  user: z.string(),
  has_password: z.boolean(),
  catalog: z.string().optional(),
  schema: z.string().optional(),
  http_scheme: z.enum(TRINO_HTTP_SCHEMES),
  tls_ca: z.string().optional(),
  ssh_tunnel: publicSshTunnelSchema.optional(),
});
