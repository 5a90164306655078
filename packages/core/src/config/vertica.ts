import { z } from "zod";
import { defineConnectionType } from "../registry/define-connection-type.ts";
import { databaseSpec, hostSpec, passwordSpec, portSpec, userSpec } from "./common-field-specs.ts";
import { hostField, identifierField, portField, secretField } from "./fields.ts";
import { publicSshTunnelSchema, sshTunnelSchema } from "./ssh-tunnel.ts";

export const VERTICA_TLS_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;
const DEFAULT_PORT = 5433;

export const verticaConfigSchema = z.strictObject({
  host: hostField,
  port: portField.default(DEFAULT_PORT),
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

export const verticaType = defineConnectionType({
  type: "dynamiq.connections.Vertica",
  label: "Vertica",
  config: verticaConfigSchema,
  publicConfig: verticaPublicConfigSchema,
  secretPaths: ["password"],
  destinationPaths: ["host", "port", "tls_mode"],
  defaultPort: DEFAULT_PORT,
  tls: { kind: "mode", path: "tls_mode", modes: VERTICA_TLS_MODES },
  fields: [
    hostSpec,
    portSpec,
    databaseSpec,
    userSpec,
    passwordSpec,
    {
      path: "tls_mode",
      label: "TLS mode",
      input: "select",
      order: 60,
      options: VERTICA_TLS_MODES,
      optional: true,
      blank: "Driver default",
    },
  ],
});
