import { z } from "zod";
import { expected, hostField, identifierField, portField, secretField } from "./fields.ts";
import { keyWarningSchema } from "./key-warnings.ts";

export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}=?$/;

/** Most jump hosts before the bastion (SPEC §10). */
export const MAX_JUMP_HOSTS = 4;

const privateKeyField = (whenOmitted: string) =>
  z
    .string({ error: expected("the private key text (PEM or OpenSSH)") })
    .min(1, `must not be empty; ${whenOmitted}`)
    .max(64 * 1024, "must be at most 64 KiB");

const fingerprintField = z
  .string({ error: expected("a string") })
  .regex(FINGERPRINT_PATTERN, "must be an OpenSSH SHA256 fingerprint such as SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8");

/** A bastion in front of the bastion: reached first, it forwards to the next hop. */
export const jumpHostSchema = z.strictObject({
  host: hostField,
  port: portField.default(22),
  user: identifierField,
  // Omitted: this hop logs in with the tunnel's own key.
  private_key: privateKeyField("omit it to use the tunnel's key").optional(),
  private_key_passphrase: secretField.optional(),
  host_key_fingerprint: fingerprintField.optional(),
});

// Checked only on a list: zod would otherwise also count a string's characters as hops. Its
// parameters do not declare `when`, which the check's definition honours.
const atMostJumpHosts = z.maxLength(MAX_JUMP_HOSTS, `must list at most ${MAX_JUMP_HOSTS} jump hosts`);
atMostJumpHosts._zod.def.when = (payload) => Array.isArray(payload.value);

export type JumpHostConfig = z.output<typeof jumpHostSchema>;

/** Through a bastion this service logs in to (the default mode). */
export const bastionTunnelSchema = z.strictObject({
  // Stored without it, so "bastion" spelled out and left out are the same destination.
  mode: z
    .literal("bastion")
    .optional()
    .transform(() => undefined)
    .optional(),
  host: hostField,
  port: portField.default(22),
  user: identifierField,
  // Omitted: the service generates a dedicated Ed25519 key pair for this connection.
  private_key: privateKeyField("omit it to have a key pair generated").optional(),
  private_key_passphrase: secretField.optional(),
  host_key_fingerprint: fingerprintField.optional(),
  jump_hosts: z
    .array(jumpHostSchema, { error: expected("a list of jump hosts") })
    .check(atMostJumpHosts)
    .optional()
    .describe("Bastions to go through, in order, before `host`: the first is the one this service reaches"),
  // Spelled out so the message can say why, instead of a generic "unrecognized key".
  password: z
    .never({
      error:
        "SSH password authentication is not supported: remove ssh_tunnel.password and give ssh_tunnel.private_key (or omit it to have a key pair generated)",
    })
    .optional(),
});

export type BastionTunnelConfig = z.output<typeof bastionTunnelSchema>;

/** Key types an agent may log in with: those OpenSSH offers by default that ssh2 verifies. */
export const AGENT_KEY_PATTERN = /^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

/**
 * The customer's network dials out to this service's SSH endpoint with plain OpenSSH (SPEC §11):
 * the service stores only the agent's public key, and the database's host and port are as the
 * agent sees them.
 */
export const reverseTunnelSchema = z.strictObject({
  mode: z.literal("reverse"),
  authorized_key: z
    .string({ error: expected("the agent's OpenSSH public key line") })
    .trim()
    .max(16 * 1024, "must be at most 16 KiB")
    .regex(
      AGENT_KEY_PATTERN,
      "must be one OpenSSH public key line, such as the contents of ~/.ssh/connections_agent.pub (ssh-ed25519 AAAA… comment)",
    )
    .describe("The agent's public key (one line of ~/.ssh/connections_agent.pub); the private key stays in your network"),
});

export type ReverseTunnelConfig = z.output<typeof reverseTunnelSchema>;

export const TUNNEL_MODE_ERROR =
  'must be "bastion" (this service logs in to your bastion, the default) or "reverse" (your network connects out)';

/** The union's own refusal (an unknown mode) in our words; a value that is not an object keeps zod's. */
export const tunnelModeError = (issue: { code?: string }) => (issue.code === "invalid_union" ? TUNNEL_MODE_ERROR : undefined);

export const sshTunnelSchema = z.discriminatedUnion("mode", [bastionTunnelSchema, reverseTunnelSchema], { error: tunnelModeError });

export type SshTunnelConfig = z.output<typeof sshTunnelSchema>;

/** The tunnel when it goes through a bastion this service logs in to; undefined for none or a reverse one. */
export function bastionTunnelOf(config: { ssh_tunnel?: SshTunnelConfig | undefined }): BastionTunnelConfig | undefined {
  const tunnel = config.ssh_tunnel;
  return tunnel && tunnel.mode !== "reverse" ? tunnel : undefined;
}

/** The tunnel when the customer's agent dials out to this service; undefined otherwise. */
export function reverseTunnelOf(config: { ssh_tunnel?: SshTunnelConfig | undefined }): ReverseTunnelConfig | undefined {
  const tunnel = config.ssh_tunnel;
  return tunnel?.mode === "reverse" ? tunnel : undefined;
}

const publicKeyFields = {
  public_key: z.string().describe("OpenSSH public key of the key pair in use"),
  public_key_fingerprint: z.string(),
  has_private_key_passphrase: z.boolean(),
  key_warnings: z
    .array(keyWarningSchema)
    .describe("Problems of the key in use that a bastion may refuse it for, such as an RSA key under 2048 bits"),
};

export const publicJumpHostSchema = z.object({
  host: z.string(),
  port: z.number(),
  user: z.string(),
  host_key_fingerprint: z.string().nullable(),
  ...publicKeyFields,
  authorized_keys_line: z
    .string()
    .describe("Ready line for this jump host user's authorized_keys, limited to the next hop's host and port"),
  key_source: z.enum(["provided", "tunnel"]).describe("tunnel: this hop logs in with the tunnel's key"),
});

export type PublicJumpHost = z.output<typeof publicJumpHostSchema>;

export const publicBastionTunnelSchema = z.object({
  mode: z.literal("bastion"),
  host: z.string(),
  port: z.number(),
  user: z.string(),
  host_key_fingerprint: z.string().nullable(),
  ...publicKeyFields,
  authorized_keys_line: z.string().describe("Ready line for the bastion user's authorized_keys, limited to the database host and port"),
  key_source: z.enum(["provided", "generated"]),
  jump_hosts: z.array(publicJumpHostSchema).describe("The jump hosts in order; empty when the service reaches the bastion directly"),
});

export type PublicBastionTunnel = z.output<typeof publicBastionTunnelSchema>;

export const agentStatusSchema = z.object({
  connected: z.boolean().describe("At least one agent is connected to the instance that answered"),
  since: z.string().nullable().describe("When the longest-connected agent connected (ISO 8601)"),
  remote_address: z.string().nullable().describe("That agent's address as this service sees it"),
  agents: z.int().describe("How many agents serve this connection (each is used in turn)"),
});

export type AgentStatus = z.output<typeof agentStatusSchema>;

export const publicReverseTunnelSchema = z.object({
  mode: z.literal("reverse"),
  authorized_key: z.string(),
  authorized_key_fingerprint: z.string(),
  agent_command: z
    .string()
    .nullable()
    .describe("The OpenSSH command to run in your network, next to the database; null when the service's agent endpoint is off"),
  known_hosts_line: z.string().nullable().describe("The service's host key, for the agent's ~/.ssh/known_hosts"),
  agent_status: agentStatusSchema,
});

export type PublicReverseTunnel = z.output<typeof publicReverseTunnelSchema>;

export const publicSshTunnelSchema = z.discriminatedUnion("mode", [publicBastionTunnelSchema, publicReverseTunnelSchema]);

export type PublicSshTunnel = z.output<typeof publicSshTunnelSchema>;
