import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../src/index.ts";
import { KeyDir, PASSPHRASE, catchKeyError, withoutComment } from "./key-files.ts";

const keys = new KeyDir();
afterAll(() => keys.remove());

describe.each([
  ["ed25519", ["-t", "ed25519"], "ssh-ed25519"],
  ["ecdsa P-256", ["-t", "ecdsa", "-b", "256"], "ecdsa-sha2-nistp256"],
  ["ecdsa P-384", ["-t", "ecdsa", "-b", "384"], "ecdsa-sha2-nistp384"],
  ["rsa 2048", ["-t", "rsa", "-b", "2048"], "ssh-rsa"],
])("OpenSSH %s key", (_name, args, type) => {
  const { file, text } = keys.sshKeygen(args);

  it("is the OpenSSH format", () => {
    expect(text).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
  });

  it("parses with the type and the fingerprint ssh-keygen -lf reports", () => {
    const key = parsePrivateKey(text);
    expect(key.type).toBe(type);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
  });

  it("returns the same public key as the .pub file, with its comment", () => {
    const key = parsePrivateKey(text);
    const pub = keys.publicKeyFromPrivateText(text);
    expect(withoutComment(key.publicKey)).toBe(withoutComment(pub));
    expect(key.publicKey).toMatch(/ test-\d+@example$/);
  });

  it("hands the key text through unchanged, with no passphrase", () => {
    const key = parsePrivateKey(text);
    expect(key.privateKey).toBe(text);
    expect(key.passphrase).toBeUndefined();
  });

  it("ignores a passphrase given for an unencrypted key", () => {
    const key = parsePrivateKey(text, "not needed");
    expect(key.passphrase).toBeUndefined();
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
  });
});

describe.each([
  ["ed25519", ["-t", "ed25519"]],
  ["ecdsa", ["-t", "ecdsa"]],
  ["rsa", ["-t", "rsa", "-b", "2048"]],
])("encrypted OpenSSH %s key", (_name, args) => {
  const { file, text } = keys.sshKeygen(args, PASSPHRASE);

  it("parses with the right passphrase and keeps it for ssh2", () => {
    const key = parsePrivateKey(text, PASSPHRASE);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
    expect(key.privateKey).toBe(text);
    expect(key.passphrase).toBe(PASSPHRASE);
  });

  it.each([undefined, ""])("asks for the passphrase when it is %j", (passphrase) => {
    const error = catchKeyError(() => parsePrivateKey(text, passphrase));
    expect(error.code).toBe("PASSPHRASE_REQUIRED");
    expect(error.field).toBe("private_key_passphrase");
  });

  it("says the passphrase is wrong when it is", () => {
    const error = catchKeyError(() => parsePrivateKey(text, "definitely-not-it"));
    expect(error.code).toBe("PASSPHRASE_WRONG");
    expect(error.field).toBe("private_key_passphrase");
    expect(error.message).not.toContain("definitely-not-it");
  });
});
