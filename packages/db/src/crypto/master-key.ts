import { randomBytes } from "node:crypto";

export interface MasterKey {
  /** Version id written into every ciphertext, so old ciphertexts find their key after rotation. */
  id: string;
  key: Buffer;
}

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MasterKeyError";
  }
}

const KEY_FORMAT = "<id>:<base64 of 32 random bytes>, for example k1:" + "A".repeat(43) + "=";

/** Parses `id:base64key`. Messages never contain the key material. */
export function parseMasterKey(text: string, variable: string): MasterKey {
  const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/_-]+=*)$/.exec(text.trim());
  if (!match) throw new MasterKeyError(`${variable} is malformed: expected ${KEY_FORMAT}`);
  const key = Buffer.from(match[2]!, "base64");
  if (key.length !== 32) {
    throw new MasterKeyError(`${variable} is malformed: the key after "${match[1]}:" must decode to 32 bytes, not ${key.length}`);
  }
  return { id: match[1]!, key };
}

export function generateMasterKey(id: string): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}
