import { z } from "zod";
import { defineConnectionType } from "../registry/define-connection-type.ts";
import { defaultPortFor, type TlsOption } from "../registry/field-spec.ts";
import { hostSpec, passwordSpec, portSpec, tlsCaSpec, userSpec } from "./common-field-specs.ts";
import { hostField, identifierField, pemField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";

export const TRINO_HTTP_SCHEMES = ["http", "https"] as const;
const DEFAULT_PORT = { plain: 8080, tls: 443 };
const TLS: TlsOption = { kind: "switch", path: "http_scheme", on: "https" };

export const trinoConfigSchema = z
  .strictObject({
    host: hostField,
    // Default depends on `http_scheme`.
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
  .transform((config) => ({ ...config, port: config.port ?? defaultPortFor(DEFAULT_PORT, TLS, config) }));

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

export const trinoType = defineConnectionType({
  type: "dynamiq.connections.Trino",
  label: "Trino",
  config: trinoConfigSchema,
  publicConfig: trinoPublicConfigSchema,
  secretPaths: ["password"],
  destinationPaths: ["host", "port", "http_scheme", "tls_ca"],
  defaultPort: DEFAULT_PORT,
  tls: TLS,
  fields: [
    { path: "http_scheme", label: "Protocol", input: "select", order: 5, options: TRINO_HTTP_SCHEMES },
    hostSpec,
    portSpec,
    userSpec,
    { ...passwordSpec, label: "Password (optional)", optional: true },
    { path: "catalog", label: "Catalog (optional)", input: "text", order: 60, group: "namespace", optional: true },
    { path: "schema", label: "Schema (optional)", input: "text", order: 70, group: "namespace", optional: true },
    tlsCaSpec({ path: "http_scheme", equals: "https" }),
  ],
});
