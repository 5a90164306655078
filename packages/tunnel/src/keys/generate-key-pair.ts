import ssh2 from "ssh2";
import { parsePrivateKey, type UsableKey } from "./parse-private-key.ts";

/** A dedicated Ed25519 key pair in OpenSSH format, for a connection created without a key. */
export function generateKeyPair(comment: string): Promise<UsableKey> {
  const pair = ssh2.utils.generateKeyPairSync("ed25519", { comment });
  return parsePrivateKey(pair.private);
}
