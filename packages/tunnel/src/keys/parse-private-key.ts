import { createPrivateKey } from "node:crypto";
import ssh2, { type ParsedKey } from "ssh2";
import { convert as convertPpk } from "ppk-to-openssh";
import sshpk from "sshpk";
import { isKeyEncrypted } from "./detect-key-encryption.ts";
import { KeyError } from "./key-error.ts";
import { publicKeyInfo, type PublicKeyInfo } from "./public-key.ts";

export interface UsableKey extends PublicKeyInfo {
  /** Key text ssh2 accepts, with the passphrase it needs (if any). Never log or return it. */
  privateKey: string;
  passphrase: string | undefined;
  type: string;
}

const PUBLIC_KEY_PATTERN =
  /^\s*(ssh-(ed25519|rsa|dss)|ecdsa-sha2-\S+|sk-\S+)\s+AAAA|-----BEGIN (RSA |EC )?PUBLIC KEY-----|---- BEGIN SSH2 PUBLIC KEY ----/;
const PKCS8_PATTERN = /-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/;
const PPK_PATTERN = /^\s*PuTTY-User-Key-File-\d+:/;

const NOT_A_KEY =
  "is not a private key: paste the whole key file, from -----BEGIN … PRIVATE KEY----- to its END line (OpenSSH, PEM, PKCS#8 or PuTTY .ppk)";

/**
 * Reads a private key in any supported format (OpenSSH ed25519/ecdsa/rsa, PEM RSA/EC,
 * PKCS#8 plain or encrypted, PuTTY .ppk v2 and v3) and returns it in a form ssh2 accepts.
 * Throws KeyError with a code that tells the user which field to fix.
 */
export async function parsePrivateKey(text: string, passphrase?: string): Promise<UsableKey> {
  if (PUBLIC_KEY_PATTERN.test(text)) {
    throw new KeyError(
      "PRIVATE_KEY_IS_PUBLIC",
      "private_key",
      "is a public key: give the private half (the file without .pub); the public key goes in the bastion's authorized_keys",
    );
  }
  const encrypted = isKeyEncrypted(text);
  if (encrypted && !passphrase) {
    throw new KeyError("PASSPHRASE_REQUIRED", "private_key_passphrase", "is required: this private key is encrypted");
  }
  const usable = PKCS8_PATTERN.test(text)
    ? fromPkcs8(text, passphrase)
    : PPK_PATTERN.test(text)
      ? await fromPpk(text, passphrase, encrypted)
      : { text, passphrase: encrypted ? passphrase : undefined };
  const parsed = ssh2.utils.parseKey(usable.text, usable.passphrase);
  if (parsed instanceof Error) {
    if (encrypted) throw wrongPassphrase();
    throw new KeyError("PRIVATE_KEY_INVALID", "private_key", NOT_A_KEY);
  }
  const key = (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey;
  if (!key.isPrivateKey()) {
    throw new KeyError("PRIVATE_KEY_IS_PUBLIC", "private_key", "is a public key: give the private half of the key pair");
  }
  return {
    privateKey: usable.text,
    passphrase: usable.passphrase,
    type: key.type,
    ...publicKeyInfo(key.type, key.getPublicSSH(), key.comment),
  };
}

// ssh2 reads no PKCS#8, so decrypt it with node:crypto and re-encode it as an OpenSSH key.
function fromPkcs8(text: string, passphrase: string | undefined): { text: string; passphrase: undefined } {
  let pkcs8: string;
  try {
    const key = createPrivateKey({ key: text, format: "pem", ...(passphrase ? { passphrase } : {}) });
    pkcs8 = key.export({ type: "pkcs8", format: "pem" }).toString();
  } catch {
    if (isKeyEncrypted(text)) throw wrongPassphrase();
    throw new KeyError("PRIVATE_KEY_INVALID", "private_key", NOT_A_KEY);
  }
  try {
    return { text: sshpk.parsePrivateKey(pkcs8, "pkcs8").toString("openssh"), passphrase: undefined };
  } catch {
    throw new KeyError("PRIVATE_KEY_UNSUPPORTED", "private_key", "uses a key type SSH cannot use: use an Ed25519, ECDSA or RSA key");
  }
}

// ssh2 reads neither PuTTY's v3 format nor Ed25519/ECDSA .ppk files. sshpk reads v2 and unencrypted
// v3; only an Argon2-encrypted v3 key goes through ppk-to-openssh, whose output must still be a key
// ssh2 can read (its RSA and ECDSA output is not).
async function fromPpk(text: string, passphrase: string | undefined, encrypted: boolean): Promise<{ text: string; passphrase: undefined }> {
  const given = encrypted ? passphrase : undefined;
  let converted: string;
  try {
    converted =
      given && /^\s*PuTTY-User-Key-File-3:/.test(text)
        ? (await convertPpk(text, given)).privateKey
        : sshpk.parsePrivateKey(text, "putty" as sshpk.PrivateKeyFormatType, given ? { passphrase: given } : {}).toString("openssh");
  } catch {
    if (encrypted) throw wrongPassphrase();
    throw new KeyError("PRIVATE_KEY_INVALID", "private_key", NOT_A_KEY);
  }
  if (ssh2.utils.parseKey(converted) instanceof Error) {
    throw new KeyError(
      "PRIVATE_KEY_UNSUPPORTED",
      "private_key",
      "is a passphrase-protected PuTTY v3 key of a type that cannot be converted here: in PuTTYgen use Conversions → Export OpenSSH key, or save it without a passphrase or as a v2 .ppk",
    );
  }
  return { text: converted, passphrase: undefined };
}

function wrongPassphrase(): KeyError {
  return new KeyError("PASSPHRASE_WRONG", "private_key_passphrase", "does not decrypt this private key: check the passphrase");
}
