import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { MasterKeyError, parseMasterKey, type MasterKey } from "./master-key.ts";

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Next bundles the start-up hook and the routes separately, so a keyring made in one can throw
// an instance of the other's class; a registered symbol identifies the error in both.
const DECRYPTION_ERROR = Symbol.for("connections.DecryptionError");

export class DecryptionError extends Error {
  readonly [DECRYPTION_ERROR] = true;

  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }

  static is(error: unknown): error is DecryptionError {
    return typeof error === "object" && error !== null && DECRYPTION_ERROR in error;
  }
}

/**
 * AES-256-GCM under a versioned master key. Ciphertext: `v1:<key id>:<iv>:<ciphertext+tag>`
 * (base64url). The associated data names the row and field, so a ciphertext moved to another
 * row or field fails to decrypt instead of leaking there.
 */
export class Keyring {
  readonly current: MasterKey;
  private readonly keys: Map<string, Buffer>;

  constructor(current: MasterKey, previous: MasterKey[] = []) {
    this.current = current;
    this.keys = new Map([...previous, current].map((k) => [k.id, k.key]));
  }

  static fromEnv(env: { current: string | undefined; previous: string | undefined }): Keyring {
    if (!env.current?.trim()) {
      throw new MasterKeyError(
        "CONNECTIONS_ENCRYPTION_KEY is not set: secrets cannot be encrypted. Run `npm start` once to generate one for a local install, or set it to <id>:<base64 of 32 random bytes>",
      );
    }
    const previous = (env.previous ?? "")
      .split(",")
      .filter((part) => part.trim())
      .map((part) => parseMasterKey(part, "CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS"));
    return new Keyring(parseMasterKey(env.current, "CONNECTIONS_ENCRYPTION_KEY"), previous);
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv);
    cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return [FORMAT, this.current.id, iv.toString("base64url"), body.toString("base64url")].join(":");
  }

  decrypt(ciphertext: string, associatedData: string): string {
    const parts = ciphertext.split(":");
    const [format, keyId, iv, body] = parts;
    if (parts.length !== 4 || format !== FORMAT || !keyId || !iv || !body)
      throw new DecryptionError(`stored secret for ${associatedData} is not a v1 ciphertext`);
    const key = this.keys.get(keyId);
    if (!key) {
      throw new DecryptionError(
        `stored secret for ${associatedData} was encrypted with master key "${keyId}", which is neither CONNECTIONS_ENCRYPTION_KEY nor in CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS`,
      );
    }
    const bytes = Buffer.from(body, "base64url");
    try {
      // A fixed 16-byte tag: GCM would otherwise accept a truncated tag, which is far easier to forge.
      if (bytes.length < TAG_BYTES) throw new Error("ciphertext shorter than its tag");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(associatedData, "utf8"));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new DecryptionError(
        `stored secret for ${associatedData} failed authentication: it was altered, moved from another row or field, or master key "${keyId}" is not the key it was encrypted with`,
      );
    }
  }

  /** Whether a ciphertext is under an older key and should be re-encrypted. */
  isStale(ciphertext: string): boolean {
    return ciphertext.split(":")[1] !== this.current.id;
  }
}
