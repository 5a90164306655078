import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import sshpk from "sshpk";
import { unsupported } from "./encryption-support.ts";
import { KeyError } from "./key-error.ts";
import { NOT_A_KEY } from "./key-texts.ts";
import { refuseUnusableType, sshTypeOfNodeKey } from "./key-type-policy.ts";
import { pemBody } from "./pem-armor.ts";
import { downgradePkcs8V2 } from "./pkcs8-v2.ts";

/**
 * A PEM key ssh2 cannot read (PKCS#8, plain or encrypted; EC keys with spelled-out curve
 * parameters), read with node:crypto and re-encoded as an unencrypted OpenSSH key.
 */
export function fromNodeCrypto(text: string, passphrase: string | undefined, encrypted: boolean): string {
  const key = readKey(text, passphrase, encrypted);
  refuseUnusableType(sshTypeOfNodeKey(key.asymmetricKeyType, key.asymmetricKeyDetails?.namedCurve));
  const pkcs8 = key.export({ type: "pkcs8", format: "pem" }).toString();
  try {
    return sshpk.parsePrivateKey(pkcs8, "pkcs8").toString("openssh");
  } catch {
    throw new KeyError(
      "PRIVATE_KEY_UNSUPPORTED",
      "private_key",
      "cannot be converted to a key SSH can use: use an Ed25519, ECDSA or RSA key in OpenSSH format",
    );
  }
}

function readKey(text: string, passphrase: string | undefined, encrypted: boolean): KeyObject {
  try {
    return createPrivateKey({ key: text, format: "pem", ...(encrypted && passphrase ? { passphrase } : {}) });
  } catch (error) {
    if (encrypted) throw classifyDecryptError(error);
    const v2 = readPkcs8V2(text);
    if (v2) return v2;
    throw new KeyError("PRIVATE_KEY_INVALID", "private_key", NOT_A_KEY);
  }
}

// OpenSSL names an encryption scheme it does not know (PBMAC1, an unknown PRF or cipher) with
// its own codes; anything else while decrypting is the passphrase.
function classifyDecryptError(error: unknown): KeyError {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^ERR_OSSL_EVP_(UNKNOWN|UNSUPPORTED)_/.test(code)) {
    return unsupported(`a scheme OpenSSL does not support (${(error as { reason?: string }).reason ?? code})`);
  }
  return new KeyError("PASSPHRASE_WRONG", "private_key_passphrase", "does not decrypt this private key: check the passphrase");
}

// A PKCS#8 v2 key is read as v1; the public key it carries must be the private key's own.
function readPkcs8V2(text: string): KeyObject | undefined {
  const der = pemBody(text, "PRIVATE KEY");
  const v1 = der === undefined ? undefined : downgradePkcs8V2(der);
  if (!v1) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: v1.der, format: "der", type: "pkcs8" });
  } catch {
    return undefined;
  }
  const spki = createPublicKey(key).export({ type: "spki", format: "der" });
  if (v1.publicKey.length === 0 || !spki.subarray(spki.length - v1.publicKey.length).equals(v1.publicKey)) {
    throw new KeyError(
      "PRIVATE_KEY_INVALID",
      "private_key",
      "is damaged: the public key inside this PKCS#8 file is not the one its private key gives",
    );
  }
  return key;
}
