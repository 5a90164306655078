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

export const sshTunnelSchema = z.strictObject({
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

export type SshTunnelConfig = z.output<typeof sshTunnelSchema>;

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

export const publicSshTunnelSchema = z.object({
  host: z.string(),
  port: z.number(),
  user: z.string(),
  host_key_fingerprint: z.string().nullable(),
  ...publicKeyFields,
  authorized_keys_line: z.string().describe("Ready line for the bastion user's authorized_keys, limited to the database host and port"),
  key_source: z.enum(["provided", "generated"]),
  jump_hosts: z.array(publicJumpHostSchema).describe("The jump hosts in order; empty when the service reaches the bastion directly"),
});

export type PublicSshTunnel = z.output<typeof publicSshTunnelSchema>;
