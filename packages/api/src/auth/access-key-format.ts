import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// cnk_<16 hex: row id>_<43 base64url: 256-bit secret>. The id finds the row; only a hash of the
// secret is stored. A high-entropy secret needs no slow hash.
const KEY_PATTERN = /^cnk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function mintAccessKey(): { id: string; key: string; secretHash: string } {
  return mintAccessKeyFromSeed(randomBytes(40));
}

/** A key made from 40 bytes of (secret) seed material: 8 for the id, 32 for the secret. */
export function mintAccessKeyFromSeed(seed: Buffer): { id: string; key: string; secretHash: string } {
  const id = seed.subarray(0, 8).toString("hex");
  const secret = seed.subarray(8, 40).toString("base64url");
  return { id, key: `cnk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function splitAccessKey(key: string): { id: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const expected = Buffer.from(secretHash, "hex");
  const actual = Buffer.from(hashSecret(secret), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
