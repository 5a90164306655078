import { z } from "zod";
import { expected, hostField, identifierField, portField, secretField } from "./fields.ts";
import { keyWarningSchema } from "./key-warnings.ts";

export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}=?$/;

export const sshTunnelSchema = z.strictObject({
  host: hostField,
  port: portField.default(22),
  user: identifierField,
  // Omitted: the service generates a dedicated Ed25519 key pair for this connection.
  private_key: z
    .string({ error: expected("the private key text (PEM or OpenSSH)") })
    .min(1, "must not be empty; omit it to have a key pair generated")
    .max(64 * 1024, "must be at most 64 KiB")
    .optional(),
  private_key_passphrase: secretField.optional(),
  host_key_fingerprint: z
    .string({ error: expected("a string") })
    .regex(FINGERPRINT_PATTERN, "must be an OpenSSH SHA256 fingerprint such as SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8")
    .optional(),
  // Spelled out so the message can say why, instead of a generic "unrecognized key".
  password: z
    .never({
      error:
        "SSH password authentication is not supported: remove ssh_tunnel.password and give ssh_tunnel.private_key (or omit it to have a key pair generated)",
    })
    .optional(),
});

export type SshTunnelConfig = z.output<typeof sshTunnelSchema>;

export const publicSshTunnelSchema = z.object({
  host: z.string(),
  port: z.number(),
  user: z.string(),
  host_key_fingerprint: z.string().nullable(),
  public_key: z.string().describe("OpenSSH public key of the key pair in use"),
  public_key_fingerprint: z.string(),
  authorized_keys_line: z.string().describe("Ready line for the bastion user's authorized_keys, limited to the database host and port"),
  key_source: z.enum(["provided", "generated"]),
  has_private_key_passphrase: z.boolean(),
  key_warnings: z
    .array(keyWarningSchema)
    .describe("Problems of the key in use that a bastion may refuse it for, such as an RSA key under 2048 bits"),
});

export type PublicSshTunnel = z.output<typeof publicSshTunnelSchema>;
