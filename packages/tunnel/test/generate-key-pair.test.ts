import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, parsePrivateKey } from "../src/index.ts";
import { KeyDir, withoutComment } from "./key-files.ts";

const keys = new KeyDir();
afterAll(() => keys.remove());

describe("generateKeyPair", () => {
  let pair: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    pair = await generateKeyPair("conn_123@connections");
  });

  it("makes an unencrypted OpenSSH Ed25519 key", async () => {
    expect(pair.type).toBe("ssh-ed25519");
    expect(pair.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-{5}/);
    expect(pair.passphrase).toBeUndefined();
  });

  it("has a public key line starting with ssh-ed25519 and ending with the comment", async () => {
    expect(pair.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/]+=* conn_123@connections$/);
  });

  it("is accepted by parsePrivateKey with the same public key and fingerprint", async () => {
    const parsed = await parsePrivateKey(pair.privateKey);
    expect(parsed.publicKey).toBe(pair.publicKey);
    expect(parsed.fingerprint).toBe(pair.fingerprint);
  });

  it("is a key ssh-keygen reads, with the fingerprint ssh-keygen computes", async () => {
    const publicKey = keys.publicKeyFromPrivateText(pair.privateKey);
    expect(withoutComment(publicKey)).toBe(withoutComment(pair.publicKey));
    expect(pair.fingerprint).toBe(keys.fingerprintOfPublicKeyLine(pair.publicKey));
  });

  it("makes keys that always read back: 1,000 in a row parse and give their own public key", async () => {
    for (let i = 0; i < 1000; i++) {
      const generated = await generateKeyPair(`conn_${i}`);
      const parsed = await parsePrivateKey(generated.privateKey);
      expect(parsed.fingerprint).toBe(generated.fingerprint);
    }
  });

  it("makes a new key every time", async () => {
    const other = await generateKeyPair("conn_123@connections");
    expect(other.fingerprint).not.toBe(pair.fingerprint);
    expect(other.privateKey).not.toBe(pair.privateKey);
  });
});
