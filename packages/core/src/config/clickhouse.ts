import { z } from "zod";
import { defineConnectionType } from "../registry/define-connection-type.ts";
import { defaultPortFor, type TlsOption } from "../registry/field-spec.ts";
import { databaseSpec, hostSpec, passwordSpec, portSpec, tlsCaSpec, userSpec } from "./common-field-specs.ts";
import { expected, hostField, identifierField, pemField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";

// The HTTP interface: 8123, or 8443 with HTTPS (`secure`).
const DEFAULT_PORT = { plain: 8123, tls: 8443 };
const TLS: TlsOption = { kind: "switch", path: "secure", on: true };

export const clickhouseConfigSchema = z
  .strictObject({
    host: hostField,
    // Default depends on `secure`.
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
  .transform((config) => ({ ...config, port: config.port ?? defaultPortFor(DEFAULT_PORT, TLS, config) }));

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

export const clickhouseType = defineConnectionType({
  type: "dynamiq.connections.ClickHouse",
  label: "ClickHouse",
  config: clickhouseConfigSchema,
  publicConfig: clickhousePublicConfigSchema,
  secretPaths: ["password"],
  destinationPaths: ["host", "port", "secure", "tls_ca"],
  defaultPort: DEFAULT_PORT,
  tls: TLS,
  fields: [
    hostSpec,
    { ...portSpec, help: "HTTP interface: 8123, or 8443 with HTTPS" },
    { ...databaseSpec, placeholder: "default", optional: true },
    { ...userSpec, placeholder: "default", optional: true },
    { ...passwordSpec, help: "Blank is an empty password (ClickHouse's default user)" },
    { path: "secure", label: "HTTPS (secure)", input: "checkbox", order: 60, help: "The certificate is checked against the host name" },
    tlsCaSpec({ path: "secure", equals: true }),
  ],
});
