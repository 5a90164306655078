import { createHash } from "node:crypto";

export interface PublicKeyInfo {
  /** OpenSSH one-line public key: `ssh-ed25519 AAAA… comment`. */
  publicKey: string;
  /** OpenSSH style `SHA256:…` fingerprint of the public key. */
  fingerprint: string;
}

export function fingerprintOf(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash("sha256").update(publicKeyBlob).digest("base64").replace(/=+$/, "")}`;
}

export function publicKeyInfo(type: string, publicKeyBlob: Buffer, comment: string): PublicKeyInfo {
  const line = [type, publicKeyBlob.toString("base64"), comment].filter(Boolean).join(" ");
  return { publicKey: line, fingerprint: fingerprintOf(publicKeyBlob) };
}
