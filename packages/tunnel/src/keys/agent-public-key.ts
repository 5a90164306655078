import ssh2 from "ssh2";
import { fingerprintOf } from "./public-key.ts";

const AGENT_KEY_TYPES = new Set(["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"]);

/**
 * The SHA256 fingerprint of an agent's OpenSSH public key line, or undefined when the line is not
 * a public key ssh2 can verify signatures with (a truncated paste, a private key, a DSA key).
 */
export function agentKeyFingerprint(line: string): string | undefined {
  const parsed = ssh2.utils.parseKey(line.trim());
  if (parsed instanceof Error || Array.isArray(parsed) || parsed.isPrivateKey() || !AGENT_KEY_TYPES.has(parsed.type)) return undefined;
  return fingerprintOf(parsed.getPublicSSH());
}
