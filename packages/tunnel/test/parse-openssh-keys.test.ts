import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
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

  it("is the OpenSSH format", async () => {
    expect(text).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-{5}/);
  });

  it("parses with the type and the fingerprint ssh-keygen -lf reports", async () => {
    const key = await parsePrivateKey(text);
    expect(key.type).toBe(type);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
  });

  it("returns the same public key as the .pub file, with its comment", async () => {
    const key = await parsePrivateKey(text);
    const pub = keys.publicKeyFromPrivateText(text);
    expect(withoutComment(key.publicKey)).toBe(withoutComment(pub));
    expect(key.publicKey).toMatch(/ test-\d+@example$/);
  });

  it("hands the key text through unchanged, with no passphrase", async () => {
    const key = await parsePrivateKey(text);
    expect(key.privateKey).toBe(text);
    expect(key.passphrase).toBeUndefined();
  });

  it("ignores a passphrase given for an unencrypted key", async () => {
    const key = await parsePrivateKey(text, "not needed");
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

  it("parses with the right passphrase and keeps it for ssh2", async () => {
    const key = await parsePrivateKey(text, PASSPHRASE);
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
    expect(key.privateKey).toBe(text);
    expect(key.passphrase).toBe(PASSPHRASE);
  });

  it.each([undefined, ""])("asks for the passphrase when it is %j", async (passphrase) => {
    const error = await catchKeyError(() => parsePrivateKey(text, passphrase));
    expect(error.code).toBe("PASSPHRASE_REQUIRED");
    expect(error.field).toBe("private_key_passphrase");
  });

  it("says the passphrase is wrong when it is", async () => {
    const error = await catchKeyError(() => parsePrivateKey(text, "definitely-not-it"));
    expect(error.code).toBe("PASSPHRASE_WRONG");
    expect(error.field).toBe("private_key_passphrase");
    expect(error.message).not.toContain("definitely-not-it");
  });
});

describe("PuTTY .ppk keys", () => {
  const dir = keys;

  // puttygen writes v3 (Argon2) by default since PuTTY 0.75; v2 is still common.
  const puttygen = (source: string, out: string, args: string[]) => {
    execFileSync("puttygen", [source, "-O", "private", "-o", out, ...args], { stdio: "ignore" });
    return readFileSync(out, "utf8");
  };

  it.each([
    ["v3", []],
    ["v2", ["--ppk-param", "version=2"]],
  ])("reads an unencrypted %s ed25519 key with the fingerprint ssh-keygen reports", async (version, args) => {
    const source = dir.sshKeygen(["-t", "ed25519"]);
    const key = await parsePrivateKey(puttygen(source.file, `${source.file}.${version}.ppk`, args as string[]));
    expect(key.type).toBe("ssh-ed25519");
    expect(key.fingerprint).toBe(dir.fingerprintOfPublicKeyFile(`${source.file}.pub`));
  });

  it.each([
    ["v3", "ed25519", []],
    ["v2", "rsa", ["--ppk-param", "version=2"]],
    ["v2", "ecdsa", ["--ppk-param", "version=2"]],
  ])("reads an encrypted %s %s key and tells a missing from a wrong passphrase", async (version, type, args) => {
    const source = dir.sshKeygen(["-t", type]);
    const passphraseFile = `${source.file}.pass`;
    writeFileSync(passphraseFile, `${PASSPHRASE}\n${PASSPHRASE}\n`);
    const text = puttygen(source.file, `${source.file}.${version}.ppk`, [...(args as string[]), "--new-passphrase", passphraseFile]);
    expect((await parsePrivateKey(text, PASSPHRASE)).fingerprint).toBe(dir.fingerprintOfPublicKeyFile(`${source.file}.pub`));
    expect((await catchKeyError(() => parsePrivateKey(text))).code).toBe("PASSPHRASE_REQUIRED");
    expect((await catchKeyError(() => parsePrivateKey(text, "definitely-not-it"))).code).toBe("PASSPHRASE_WRONG");
  });

  it.each(["rsa", "ecdsa"])("reads an unencrypted v3 %s key", async (type) => {
    const source = dir.sshKeygen(["-t", type]);
    const key = await parsePrivateKey(puttygen(source.file, `${source.file}.v3.ppk`, []));
    expect(key.fingerprint).toBe(dir.fingerprintOfPublicKeyFile(`${source.file}.pub`));
  });

  it("says plainly when an encrypted v3 key cannot be converted, instead of blaming the passphrase", async () => {
    const source = dir.sshKeygen(["-t", "rsa", "-b", "2048"]);
    writeFileSync(`${source.file}.pass`, `${PASSPHRASE}\n`);
    const text = puttygen(source.file, `${source.file}.v3.ppk`, ["--new-passphrase", `${source.file}.pass`]);
    const error = await catchKeyError(() => parsePrivateKey(text, PASSPHRASE));
    expect(error).toMatchObject({ code: "PRIVATE_KEY_UNSUPPORTED", field: "private_key" });
    expect(error.message).toContain("Export OpenSSH key");
  });
});
