// Whether a private key text is passphrase-protected, read from the key's own structure so
// "passphrase required" and "wrong passphrase" never depend on a library's message wording.

const OPENSSH_MAGIC = "openssh-key-v1\0";

function openSshCipher(text: string): string | undefined {
  const body = /-----BEGIN OPENSSH PRIVATE KEY-{5}([\s\S]*?)-----END OPENSSH PRIVATE KEY-{5}/.exec(text)?.[1];
  if (body === undefined) return undefined;
  const bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  if (bytes.subarray(0, OPENSSH_MAGIC.length).toString("latin1") !== OPENSSH_MAGIC) return undefined;
  const at = OPENSSH_MAGIC.length;
  if (bytes.length < at + 4) return undefined;
  const length = bytes.readUInt32BE(at);
  return bytes.subarray(at + 4, at + 4 + length).toString("latin1");
}

export function isKeyEncrypted(text: string): boolean {
  const cipher = openSshCipher(text);
  if (cipher !== undefined) return cipher !== "none";
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-{5}/.test(text)) return true;
  if (/^Proc-Type:\s*4,ENCRYPTED/m.test(text)) return true;
  const ppk = /^Encryption:\s*(\S+)/m.exec(text)?.[1];
  return ppk !== undefined && ppk !== "none";
}
