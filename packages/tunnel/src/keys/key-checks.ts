import { randomBytes } from "node:crypto";
import type { KeyWarning } from "@connections/core";
import type { ParsedKey } from "ssh2";
import { KeyError } from "./key-error.ts";
import { SshReader } from "./openssh-container.ts";

/**
 * Signs once and verifies with the key's own public half: a key whose parts do not fit together
 * (say an RSA key with a wrong CRT coefficient) parses, but could never log in.
 */
export function checkKeySigns(key: ParsedKey): void {
  const data = randomBytes(32);
  const signature = key.sign(data);
  if (signature instanceof Error || key.verify(data, signature) !== true) {
    throw new KeyError(
      "PRIVATE_KEY_INVALID",
      "private_key",
      "is damaged: its parts do not fit together, so a signature made with it does not verify against its own public key; give an intact copy of the key or make a new one",
    );
  }
}

// OpenSSH since 9.1 refuses RSA keys under 1024 bits (RequiredRSASize); NIST and OpenSSH's own
// ssh-keygen default ask for at least 2048 (3072).
const RSA_MIN_BITS = 2048;

/** What to tell the user about a key that works but a bastion may refuse. */
export function keyWarnings(key: ParsedKey): KeyWarning[] {
  if (key.type !== "ssh-rsa") return [];
  const bits = rsaBits(key.getPublicSSH());
  if (bits >= RSA_MIN_BITS) return [];
  const refusal =
    bits < 1024
      ? "OpenSSH servers since 9.1 refuse RSA keys under 1024 bits, so the bastion will most likely refuse it"
      : `RSA keys under ${RSA_MIN_BITS} bits are too weak by current guidance and some bastions refuse them`;
  return [
    {
      code: "RSA_KEY_SHORT",
      message: `This RSA key has ${bits} bits: ${refusal}. Make a new key (ssh-keygen -t ed25519) and use it instead.`,
    },
  ];
}

// ssh-rsa public blob: string "ssh-rsa", mpint e, mpint n.
function rsaBits(blob: Buffer): number {
  const reader = new SshReader(blob);
  reader.string();
  reader.string();
  const n = reader.string();
  const first = n.findIndex((byte) => byte !== 0);
  if (first < 0) return 0;
  return (n.length - first) * 8 - Math.clz32(n[first] ?? 0) + 24;
}
