// Whether a private key text is passphrase-protected, read from the key's own structure so
// "passphrase required" and "wrong passphrase" never depend on a library's message wording.
import { readOpenSshContainer } from "./openssh-container.ts";
import { pemBeginPattern } from "./pem-armor.ts";

const ENCRYPTED_PKCS8 = pemBeginPattern("ENCRYPTED PRIVATE KEY");

export function isKeyEncrypted(text: string): boolean {
  const container = readOpenSshContainer(text);
  if (container !== undefined) return container.cipher !== "none";
  if (ENCRYPTED_PKCS8.test(text)) return true;
  if (/^Proc-Type:\s*4,ENCRYPTED/m.test(text)) return true;
  const ppk = /^Encryption:\s*(\S+)/m.exec(text)?.[1];
  return ppk !== undefined && ppk !== "none";
}
