import { z } from "zod";
import {
  CONNECTION_TYPE_REGISTRY,
  connectionTypeRegistry,
  defineConnectionType,
  hostField,
  hostSpec,
  portField,
  portSpec,
  publicSshTunnelSchema,
  secretField,
  sshTunnelSchema,
} from "@connections/core";

// A sixth type added through the registry alone: its schema lives here, its driver in the tests
// that use it, and nothing else in the product names it.
export const fakeType = defineConnectionType({
  type: "example.connections.Fakebase",
  label: "Fakebase",
  config: z.strictObject({ host: hostField, port: portField.default(7777), token: secretField, ssh_tunnel: sshTunnelSchema.optional() }),
  publicConfig: z.object({ host: z.string(), port: z.number(), has_token: z.boolean(), ssh_tunnel: publicSshTunnelSchema.optional() }),
  secretPaths: ["token"],
  destinationPaths: ["host", "port"],
  defaultPort: 7777,
  tls: { kind: "none" },
  fields: [hostSpec, portSpec, { path: "token", label: "Token", input: "password", order: 50 }],
});

export type FakebaseConfig = z.output<typeof fakeType.config>;

export const sixTypes = connectionTypeRegistry([...CONNECTION_TYPE_REGISTRY.definitions, fakeType]);
export const FAKE = fakeType.type;
/** The refusal of an unknown `type` among the six. */
export const SIX_CHOICES = `must be one of: ${[...CONNECTION_TYPE_REGISTRY.names, FAKE].join(", ")}`;
