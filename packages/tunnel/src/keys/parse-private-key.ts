import type { KeyWarning } from "@connections/core";
import ssh2, { type ParsedKey } from "ssh2";
import { isKeyEncrypted } from "./detect-key-encryption.ts";
import { refuseUnsupportedEncryption } from "./encryption-support.ts";
import { checkKeySigns, keyWarnings } from "./key-checks.ts";
import { KeyError } from "./key-error.ts";
import { headerKeyType, NOT_A_KEY, PEM_PRIVATE_PATTERN, PKCS8_PATTERN, PPK_PATTERN, ppkShape, PUBLIC_KEY_PATTERN } from "./key-texts.ts";
import { refuseUnusableType } from "./key-type-policy.ts";
import { fromNodeCrypto } from "./node-crypto-key.ts";
import { CHACHA_CIPHER, decryptChachaKey } from "./openssh-chacha-key.ts";
import { readOpenSshContainer } from "./openssh-container.ts";
import { fromPpk } from "./ppk-key.ts";
import { publicKeyInfo, type PublicKeyInfo } from "./public-key.ts";

export interface UsableKey extends PublicKeyInfo {
  /** Key text ssh2 accepts, with the passphrase it needs (if any). Never log or return it. */
  privateKey: string;
  passphrase: string | undefined;
  type: string;
  /** Why a bastion may refuse this key although it works (an RSA key under 2048 bits). */
  warnings: KeyWarning[];
}

/**
 * Reads a private key in any supported format (OpenSSH ed25519/ecdsa/rsa, PEM RSA/EC,
 * PKCS#8 v1/v2 plain or encrypted, PuTTY .ppk v2 and v3) and returns it in a form ssh2 accepts,
 * after signing with it once. Throws KeyError with a code that tells the user which field to fix.
 */
export async function parsePrivateKey(text: string, passphrase?: string): Promise<UsableKey> {
  refusePublicKey(text);
  // What the cleartext says (key type, cipher) is checked first: no passphrase can fix it.
  const container = readOpenSshContainer(text);
  const declaredType = container?.keyType ?? headerKeyType(text);
  if (declaredType !== undefined) refuseUnusableType(declaredType);
  refuseUnsupportedEncryption(text, container);
  const encrypted = isKeyEncrypted(text);
  if (encrypted && !passphrase) {
    throw new KeyError("PASSPHRASE_REQUIRED", "private_key_passphrase", "is required: this private key is encrypted");
  }
  const given = encrypted ? passphrase : undefined;
  let usable: { text: string; passphrase: string | undefined };
  if (PKCS8_PATTERN.test(text)) usable = { text: fromNodeCrypto(text, given, encrypted), passphrase: undefined };
  else if (PPK_PATTERN.test(text)) usable = { text: await fromPpk(text, given, encrypted), passphrase: undefined };
  else if (container?.cipher === CHACHA_CIPHER && given) usable = { text: decryptChacha(container, given), passphrase: undefined };
  else usable = { text, passphrase: given };
  const { key, text: keyText } = readWithSsh2(usable, encrypted);
  if (!key.isPrivateKey()) {
    throw new KeyError("PRIVATE_KEY_IS_PUBLIC", "private_key", "is a public key: give the private half of the key pair");
  }
  refuseUnusableType(key.type);
  checkKeySigns(key);
  return {
    privateKey: keyText,
    passphrase: keyText === usable.text ? usable.passphrase : undefined,
    type: key.type,
    warnings: keyWarnings(key),
    ...publicKeyInfo(key.type, key.getPublicSSH(), key.comment),
  };
}

function refusePublicKey(text: string): void {
  const shape = PPK_PATTERN.test(text) ? ppkShape(text) : "private";
  if (shape === "truncated") throw new KeyError("PRIVATE_KEY_INVALID", "private_key", NOT_A_KEY);
  if (shape === "public" || PUBLIC_KEY_PATTERN.test(text)) {
    throw new KeyError(
      "PRIVATE_KEY_IS_PUBLIC",
      "private_key",
      "is a public key: give the private half (the file without .pub); the public key goes in the bastion's authorized_keys",
    );
  }
}

function decryptChacha(container: NonNullable<ReturnType<typeof readOpenSshContainer>>, passphrase: string): string {
  const decrypted = decryptChachaKey(container, passphrase);
  if (decrypted === undefined) throw wrongPassphrase();
  return decrypted;
}

// ssh2 reads OpenSSH and PEM PKCS#1/SEC1 keys; a PEM key it cannot read (an EC key with spelled-out
// curve parameters, an unusual curve) gets a second reading by node:crypto, which names the problem.
function readWithSsh2(usable: { text: string; passphrase: string | undefined }, encrypted: boolean): { key: ParsedKey; text: string } {
  const parsed = ssh2.utils.parseKey(usable.text, usable.passphrase);
  if (!(parsed instanceof Error)) return { key: (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey, text: usable.text };
  if (PEM_PRIVATE_PATTERN.test(usable.text) && !PKCS8_PATTERN.test(usable.text)) {
    const converted = fromNodeCrypto(usable.text, usable.passphrase, encrypted);
    const reparsed = ssh2.utils.parseKey(converted);
    if (!(reparsed instanceof Error)) return { key: (Array.isArray(reparsed) ? reparsed[0] : reparsed) as ParsedKey, text: converted };
  }
  if (encrypted) throw wrongPassphrase();
  throw new KeyError("PRIVATE_KEY_INVALID", "private_key", NOT_A_KEY);
}

function wrongPassphrase(): KeyError {
  return new KeyError("PASSPHRASE_WRONG", "private_key_passphrase", "does not decrypt this private key: check the passphrase");
}
