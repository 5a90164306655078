import { getCiphers } from "node:crypto";
import { KeyError } from "./key-error.ts";
import type { OpenSshContainer } from "./openssh-container.ts";

// What an OpenSSH key file may be encrypted with here: ssh2 decrypts all but chacha20-poly1305,
// which openssh-chacha-key.ts handles.
const OPENSSH_CIPHERS = new Set([
  "none",
  "3des-cbc",
  "aes128-cbc",
  "aes192-cbc",
  "aes256-cbc",
  "aes128-ctr",
  "aes192-ctr",
  "aes256-ctr",
  "aes128-gcm@openssh.com",
  "aes256-gcm@openssh.com",
  "chacha20-poly1305@openssh.com",
]);
const PPK_CIPHERS = new Set(["none", "aes256-cbc"]);
const PPK_KDFS = new Set(["Argon2id", "Argon2d", "Argon2i"]);

/**
 * Refuses a key encrypted with a cipher or KDF that cannot be decrypted here, naming it, before
 * any passphrase is asked for or blamed: the passphrase may well be right.
 */
export function refuseUnsupportedEncryption(text: string, container: OpenSshContainer | undefined): void {
  if (container) {
    if (!OPENSSH_CIPHERS.has(container.cipher)) throw unsupported(`cipher ${container.cipher}`);
    if (container.kdf !== "none" && container.kdf !== "bcrypt") throw unsupported(`key derivation ${container.kdf}`);
    return;
  }
  const pemCipher = /^DEK-Info:\s*([^,\s]+)/m.exec(text)?.[1];
  if (pemCipher !== undefined && !getCiphers().includes(pemCipher.toLowerCase())) throw unsupported(`cipher ${pemCipher}`);
  const ppkCipher = /^Encryption:\s*(\S+)/m.exec(text)?.[1];
  if (ppkCipher !== undefined && !PPK_CIPHERS.has(ppkCipher)) throw unsupported(`cipher ${ppkCipher}`);
  const ppkKdf = /^Key-Derivation:\s*(\S+)/m.exec(text)?.[1];
  if (ppkKdf !== undefined && !PPK_KDFS.has(ppkKdf)) throw unsupported(`key derivation ${ppkKdf}`);
}

export function unsupported(what: string): KeyError {
  const name = what.replace(/[^\x20-\x7e]/g, "?").slice(0, 80);
  return new KeyError(
    "PRIVATE_KEY_UNSUPPORTED",
    "private_key",
    `is encrypted with ${name}, which this service cannot decrypt (the passphrase may be right): re-encrypt it with ssh-keygen -p -f <key file>`,
  );
}
