import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../src/index.ts";
import { KeyDir, PASSPHRASE, catchKeyError, withoutComment } from "./key-files.ts";
import { pemText } from "../src/keys/pem-armor.ts";

const keys = new KeyDir();
afterAll(() => keys.remove());

const CHACHA = "chacha20-poly1305@openssh.com";

describe.each([
  ["ed25519", ["-t", "ed25519"]],
  ["ecdsa P-384", ["-t", "ecdsa", "-b", "384"]],
  ["rsa 3072", ["-t", "rsa", "-b", "3072"]],
])(`OpenSSH %s key encrypted with ${CHACHA} by ssh-keygen -Z`, (_name, args) => {
  const { file, text } = keys.sshKeygen([...args, "-Z", CHACHA], PASSPHRASE);

  it("names the cipher in its header", () => {
    const binary = Buffer.from(text.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    expect(binary.includes(Buffer.from(CHACHA))).toBe(true);
  });

  it("decrypts with its passphrase to the public key ssh-keygen wrote", async () => {
    const key = await parsePrivateKey(text, PASSPHRASE);
    expect(withoutComment(key.publicKey)).toBe(withoutComment(readFileSync(`${file}.pub`, "utf8")));
    expect(key.fingerprint).toBe(keys.fingerprintOfPublicKeyFile(`${file}.pub`));
    // Handed on decrypted: ssh2 cannot decrypt this cipher itself.
    expect(key.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-{5}/);
    expect(key.passphrase).toBeUndefined();
    expect(withoutComment(keys.publicKeyFromPrivateText(key.privateKey))).toBe(withoutComment(key.publicKey));
  });

  it("asks for the passphrase when none is given", async () => {
    const error = await catchKeyError(() => parsePrivateKey(text));
    expect([error.code, error.field]).toEqual(["PASSPHRASE_REQUIRED", "private_key_passphrase"]);
  });

  it("calls a wrong passphrase wrong (the Poly1305 tag does not match)", async () => {
    const error = await catchKeyError(() => parsePrivateKey(text, `${PASSPHRASE}!`));
    expect([error.code, error.field]).toEqual(["PASSPHRASE_WRONG", "private_key_passphrase"]);
  });

  it("refuses a file whose ciphertext was altered, without accepting a key", async () => {
    const binary = Buffer.from(text.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    binary[binary.length - 20]! ^= 1;
    const altered = pemText("OPENSSH PRIVATE KEY", binary);
    const error = await catchKeyError(() => parsePrivateKey(altered, PASSPHRASE));
    expect(error.code).toBe("PASSPHRASE_WRONG");
  });
});

// A cipher or KDF no tool here can decrypt: the file is ssh-keygen's, with the name in its
// header replaced by one of the same length, so everything else about it stays valid.
describe("an OpenSSH key encrypted with a cipher or KDF this service cannot decrypt", () => {
  const { text } = keys.sshKeygen(["-t", "ed25519", "-Z", "aes256-cbc"], PASSPHRASE);
  const renamed = (from: string, to: string) => {
    const binary = Buffer.from(text.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    const at = binary.indexOf(Buffer.from(from));
    expect(at).toBeGreaterThan(0);
    binary.write(to, at, "latin1");
    return pemText("OPENSSH PRIVATE KEY", binary);
  };

  it.each([
    ["cipher", "aes256-cbc", "serpent-cb"],
    ["KDF", "bcrypt", "scrypt"],
  ])("names the %s and never blames the (right) passphrase", async (_what, from, to) => {
    const error = await catchKeyError(() => parsePrivateKey(renamed(from, to), PASSPHRASE));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_UNSUPPORTED", "private_key"]);
    expect(error.message).toContain(to);
    expect(error.message).toMatch(/passphrase may be right/);
  });

  it("says so before asking for a passphrase", async () => {
    const error = await catchKeyError(() => parsePrivateKey(renamed("aes256-cbc", "serpent-cb")));
    expect(error.code).toBe("PRIVATE_KEY_UNSUPPORTED");
  });
});

describe("a PEM key whose DEK-Info names a cipher OpenSSL does not have", () => {
  it("is refused naming the cipher, not the passphrase", async () => {
    const { file } = keys.sshKeygen(["-t", "rsa", "-b", "2048", "-m", "PEM"], PASSPHRASE);
    const text = readFileSync(file, "utf8").replace(/^DEK-Info: [^,]+,/m, "DEK-Info: TWOFISH-256-CBC,");
    writeFileSync(file, text);
    const error = await catchKeyError(() => parsePrivateKey(text, PASSPHRASE));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_UNSUPPORTED", "private_key"]);
    expect(error.message).toContain("TWOFISH-256-CBC");
  });
});
