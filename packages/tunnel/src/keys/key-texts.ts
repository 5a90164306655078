// Recognising what kind of text was pasted, from its armour and headers alone.
import { pemBeginLine, pemBeginPattern } from "./pem-armor.ts";

export const PUBLIC_KEY_PATTERN = new RegExp(
  `^\\s*(ssh-(ed25519|rsa|dss)|ecdsa-sha2-\\S+|sk-\\S+)\\s+AAAA|${pemBeginPattern("(RSA |EC )?PUBLIC KEY").source}|---- BEGIN SSH2 PUBLIC KEY ----`,
);
export const PKCS8_PATTERN = pemBeginPattern("(ENCRYPTED )?PRIVATE KEY");
export const PEM_PRIVATE_PATTERN = pemBeginPattern("[A-Z0-9 ]*PRIVATE KEY");
const DSA_PATTERN = pemBeginPattern("DSA PRIVATE KEY");
export const PPK_PATTERN = /^\s*PuTTY-User-Key-File-\d+:/;

export const NOT_A_KEY = `is not a private key: paste the whole key file, from ${pemBeginLine("… PRIVATE KEY")} to its END line (OpenSSH, PEM, PKCS#8 or PuTTY .ppk)`;

/** The key type a PEM or .ppk header names, readable without the passphrase. */
export function headerKeyType(text: string): string | undefined {
  if (DSA_PATTERN.test(text)) return "ssh-dss";
  return /^\s*PuTTY-User-Key-File-\d+:\s*(\S+)/.exec(text)?.[1];
}

/**
 * For a .ppk file: "public" when it holds only its complete public half (PuTTYgen can save that),
 * "truncated" when fewer lines follow a Lines header than it announces.
 */
export function ppkShape(text: string): "private" | "public" | "truncated" {
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const count = /^(Public|Private)-Lines:\s*(\d+)\s*$/.exec(line)?.[2];
    if (count === undefined) continue;
    const following = lines.slice(index + 1, index + 1 + Number(count));
    if (following.length < Number(count) || following.some((value) => !/^[A-Za-z0-9+/=]+$/.test(value))) return "truncated";
  }
  return /^Private-Lines:/m.test(text) ? "private" : "public";
}
