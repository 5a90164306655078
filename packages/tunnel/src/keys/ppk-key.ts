import ssh2 from "ssh2";
import { convert as convertPpk } from "ppk-to-openssh";
import sshpk from "sshpk";
import { KeyError } from "./key-error.ts";
import { NOT_A_KEY } from "./key-texts.ts";

/**
 * A PuTTY .ppk key as an unencrypted OpenSSH key. ssh2 reads neither PuTTY's v3 format nor
 * Ed25519/ECDSA .ppk files. sshpk reads v2 and unencrypted v3; only an Argon2-encrypted v3 key
 * goes through ppk-to-openssh, whose output must still be a key ssh2 can read (its RSA and ECDSA
 * output is not).
 */
export async function fromPpk(text: string, passphrase: string | undefined, encrypted: boolean): Promise<string> {
  const given = encrypted ? passphrase : undefined;
  let converted: string;
  try {
    converted =
      given && /^\s*PuTTY-User-Key-File-3:/.test(text)
        ? (await convertPpk(text, given)).privateKey
        : sshpk.parsePrivateKey(text, "putty" as sshpk.PrivateKeyFormatType, given ? { passphrase: given } : {}).toString("openssh");
  } catch {
    if (encrypted)
      throw new KeyError("PASSPHRASE_WRONG", "private_key_passphrase", "does not decrypt this private key: check the passphrase");
    throw new KeyError("PRIVATE_KEY_INVALID", "private_key", NOT_A_KEY);
  }
  if (ssh2.utils.parseKey(converted) instanceof Error) {
    throw new KeyError(
      "PRIVATE_KEY_UNSUPPORTED",
      "private_key",
      "is a passphrase-protected PuTTY v3 key of a type that cannot be converted here: in PuTTYgen use Conversions → Export OpenSSH key, or save it without a passphrase or as a v2 .ppk",
    );
  }
  return converted;
}
