import { z } from "zod";
import { FINGERPRINT_PATTERN } from "./config/ssh-tunnel.ts";
import { idSchema } from "./connection.ts";

/**
 * `connecting`: being made; `connected`: up; `lost`: it was up and went (the next call connects
 * again); `failed`: the last attempt did not connect.
 */
export const TUNNEL_STATES = ["connecting", "connected", "lost", "failed"] as const;
export type TunnelState = (typeof TUNNEL_STATES)[number];

const sshServerSchema = z.object({ host: z.string(), port: z.int(), user: z.string() });

/** One pooled SSH connection: to a bastion or jump host, or an agent's that dialled in (SPEC §12). */
export const tunnelSchema = z.object({
  id: z.string(),
  kind: z
    .enum(["ssh", "agent"])
    .describe("`ssh`: the service connects to a bastion; `agent`: a reverse tunnel's agent connected to the service"),
  bastion: sshServerSchema.nullable().describe("The SSH server this connection is to; null for an agent"),
  hops: z.array(sshServerSchema).describe("The jump hosts it runs through, in order; empty when reached directly"),
  agent: z.object({ remote_address: z.string() }).nullable().describe("Where the agent connected from; null for a bastion"),
  state: z.enum(TUNNEL_STATES),
  since: z.iso.datetime().describe("When it entered its state"),
  channels_in_use: z.int(),
  channel_limit: z.int(),
  keepalive_rtt_ms: z.number().nullable().describe("The last keepalive's round trip; null until one is answered, and when not connected"),
  reconnects: z.int().describe("Connections made again after the first, since the server started"),
  last_error: z.object({ code: z.string(), message: z.string(), at: z.iso.datetime() }).nullable(),
  host_key_mismatch: z
    .object({ pinned_fingerprint: z.string(), presented_fingerprint: z.string() })
    .nullable()
    .describe("The server shows another host key than the one pinned: accept the new one only if it was changed on purpose"),
  connection_ids: z.array(z.string()).describe("This project's connections that use it"),
  chat_connector_ids: z.array(z.string()).describe("The caller's own chat connectors that use it"),
});
export type Tunnel = z.output<typeof tunnelSchema>;

export const tunnelListSchema = z.object({ data: z.array(tunnelSchema) });
export type TunnelList = z.output<typeof tunnelListSchema>;

export const listTunnelsInputSchema = z.strictObject({ project_id: idSchema });
export type ListTunnelsInput = z.input<typeof listTunnelsInputSchema>;

/** Re-pins the new key on every connection of the project (and chat connector of the caller's) that pinned the old one at this server. */
export const acceptHostKeyInputSchema = z.strictObject({
  project_id: idSchema,
  tunnel_id: z.string().regex(/^[0-9a-f]{20}$/, "is not a tunnel id"),
  fingerprint: z
    .string()
    .regex(FINGERPRINT_PATTERN, "must be the presented fingerprint shown for the tunnel")
    .describe("The new key's fingerprint as shown: accepted only while the server still presents it"),
});
export type AcceptHostKeyInput = z.input<typeof acceptHostKeyInputSchema>;

export const acceptHostKeyResultSchema = z.object({
  repinned_connection_ids: z.array(z.string()).describe("The connections whose pin changed to the new key"),
  repinned_chat_connector_ids: z.array(z.string()).describe("The caller's chat connectors whose pin changed to the new key"),
});
export type AcceptHostKeyResult = z.output<typeof acceptHostKeyResultSchema>;
