import type { FieldErrorCode } from "./error-codes.ts";

/**
 * What to change when a tunnel's private key is refused. A key problem stops a test before SSH
 * authentication, so clients show it as a failed `ssh_auth` stage with this hint.
 */
export const KEY_ERROR_HINTS: Partial<Record<FieldErrorCode, string>> = {
  PRIVATE_KEY_INVALID: "Paste the whole private key file, from its -----BEGIN line to its -----END line, or choose the key file",
  PRIVATE_KEY_IS_PUBLIC:
    "Give the private half of the key pair (the file without .pub); the public half goes in the bastion's authorized_keys",
  PRIVATE_KEY_UNSUPPORTED: "Use an Ed25519, ECDSA or RSA key, or convert it to OpenSSH format with ssh-keygen -p -f <key file>",
  PRIVATE_KEY_DSA:
    "Make an Ed25519 key (ssh-keygen -t ed25519 -f <key file>), add its .pub line to the bastion user's authorized_keys and give the new private key here",
  PASSPHRASE_REQUIRED: "This key is encrypted: enter its passphrase in Private key passphrase",
  PASSPHRASE_WRONG: "Correct Private key passphrase: it does not decrypt this key",
};
