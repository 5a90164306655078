import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../src/index.ts";
import { KeyDir, PASSPHRASE, catchKeyError, withoutComment } from "./key-files.ts";

// ssh2 cannot read PKCS#8, so parsePrivateKey re-encodes it as an OpenSSH key. Each case checks
// the result against what ssh-keygen itself derives, not against parsePrivateKey's own output.
const keys = new KeyDir();
afterAll(() => keys.remove());

describe.each([
  ["RSA", ["-t", "rsa", "-b", "2048"], "ssh-rsa"],
  ["ECDSA", ["-t", "ecdsa", "-b", "256"], "ecdsa-sha2-nistp256"],
])("PKCS#8 %s key from ssh-keygen -m PKCS8", (_name, args, type) => {
  const { file, text } = keys.sshKeygen([...args, "-m", "PKCS8"]);

  it("is unencrypted PKCS#8", async () => {
    expect(text).toMatch(/^-----BEGIN PRIVATE KEY-{5}/);
  });

  it("parses with the fingerprint ssh-keygen -lf reports for its .pub", async () => {
    const key = await parsePrivateKey(text);
    expect(key.type).toBe(type);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
  });

  it("is converted to an OpenSSH key that ssh-keygen reads as the same key", async () => {
    const key = await parsePrivateKey(text);
    expect(key.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-{5}/);
    expect(key.passphrase).toBeUndefined();
    expect(withoutComment(keys.publicKeyFromPrivateText(key.privateKey))).toBe(withoutComment(key.publicKey));
  });
});

describe.each([
  ["Ed25519", ["-algorithm", "ed25519"], "ssh-ed25519"],
  ["EC P-256", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "ecdsa-sha2-nistp256"],
  ["EC P-384", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], "ecdsa-sha2-nistp384"],
  ["RSA", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "ssh-rsa"],
])("PKCS#8 %s key from openssl genpkey", (_name, args, type) => {
  const plain = keys.opensslGenpkey(args);
  const encrypted = keys.opensslGenpkey(args, PASSPHRASE);

  it("parses unencrypted, with the fingerprint of openssl's public key", async () => {
    expect(plain.text).toMatch(/^-----BEGIN PRIVATE KEY-{5}/);
    const key = await parsePrivateKey(plain.text);
    expect(key.type).toBe(type);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyLine(keys.publicKeyOfOpensslKey(plain.file)));
    expect(withoutComment(key.publicKey)).toBe(withoutComment(keys.publicKeyOfOpensslKey(plain.file)));
  });

  it("parses encrypted (-aes-256-cbc) with the right passphrase", async () => {
    expect(encrypted.text).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-{5}/);
    const key = await parsePrivateKey(encrypted.text, PASSPHRASE);
    expect(key.type).toBe(type);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyLine(keys.publicKeyOfOpensslKey(encrypted.file, PASSPHRASE)));
  });

  it("decrypts an encrypted key to an unencrypted OpenSSH key ssh2 needs no passphrase for", async () => {
    const key = await parsePrivateKey(encrypted.text, PASSPHRASE);
    expect(key.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-{5}/);
    expect(key.passphrase).toBeUndefined();
    expect(withoutComment(keys.publicKeyFromPrivateText(key.privateKey))).toBe(withoutComment(key.publicKey));
    expect((await parsePrivateKey(key.privateKey)).fingerprint).toBe(key.fingerprint);
  });

  it("asks for the passphrase of an encrypted key when none is given", async () => {
    expect(await catchKeyError(() => parsePrivateKey(encrypted.text))).toMatchObject({
      code: "PASSPHRASE_REQUIRED",
      field: "private_key_passphrase",
    });
  });

  it("says a wrong passphrase is wrong", async () => {
    expect(await catchKeyError(() => parsePrivateKey(encrypted.text, "definitely-not-it"))).toMatchObject({
      code: "PASSPHRASE_WRONG",
      field: "private_key_passphrase",
    });
  });
});

describe("PKCS#8 key of a type SSH cannot use", () => {
  it("is PRIVATE_KEY_UNSUPPORTED (Ed448)", async () => {
    const { text } = keys.opensslGenpkey(["-algorithm", "ed448"]);
    expect(await catchKeyError(() => parsePrivateKey(text))).toMatchObject({ code: "PRIVATE_KEY_UNSUPPORTED", field: "private_key" });
  });
});
