import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../src/index.ts";
import { KeyDir, PASSPHRASE, catchKeyError } from "./key-files.ts";
import { pemText } from "../src/keys/pem-armor.ts";

const keys = new KeyDir();
afterAll(() => keys.remove());

const puttygen = (args: string[]) => {
  const out = keys.path(`putty-${Math.random().toString(36).slice(2)}.ppk`);
  const empty = keys.path("empty-passphrase");
  writeFileSync(empty, "");
  execFileSync("puttygen", [...args, "-o", out, "--new-passphrase", empty], { stdio: "ignore" });
  return readFileSync(out, "utf8");
};

describe("DSA keys: refused with PRIVATE_KEY_DSA and told to make an Ed25519 key", () => {
  const openssh = keys.sshKeygen(["-t", "dsa"]);
  const pem = keys.sshKeygen(["-t", "dsa", "-m", "PEM"]);
  const cases: [string, () => { text: string; passphrase?: string }][] = [
    ["OpenSSH", () => ({ text: openssh.text })],
    ["OpenSSH, encrypted (refused before any passphrase is asked)", () => ({ text: keys.sshKeygen(["-t", "dsa"], PASSPHRASE).text })],
    ["OpenSSH, encrypted, with its passphrase", () => ({ text: keys.sshKeygen(["-t", "dsa"], PASSPHRASE).text, passphrase: PASSPHRASE })],
    ["PEM", () => ({ text: pem.text })],
    ["PKCS#8", () => ({ text: execFileSync("/usr/bin/openssl", ["pkcs8", "-topk8", "-nocrypt", "-in", pem.file], { encoding: "utf8" }) })],
    // Converted from the ssh-keygen key: puttygen's own DSA generation takes many seconds.
    ["PuTTY .ppk v2", () => ({ text: puttygen([openssh.file, "-O", "private", "--ppk-param", "version=2"]) })],
    ["PuTTY .ppk v3", () => ({ text: puttygen([openssh.file, "-O", "private"]) })],
  ];

  it.each(cases)("%s", async (_format, make) => {
    const { text, passphrase } = make();
    const error = await catchKeyError(() => parsePrivateKey(text, passphrase));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_DSA", "private_key"]);
    expect(error.message).toMatch(/DSA/);
    expect(error.message).toMatch(/ssh-keygen -t ed25519/);
  });
});

// No FIDO authenticator exists here, so the sk- and unknown-type keys are OpenSSH containers
// built at test time: the type is read from the file's cleartext public section, as OpenSSH does.
function openSshContainer(type: string): string {
  const string = (value: Buffer | string) => {
    const bytes = Buffer.from(value);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(12);
  const publicBlob = Buffer.concat([string(type), string(raw), string("ssh:")]);
  const check = Buffer.from([1, 2, 3, 4, 1, 2, 3, 4]);
  const privateSection = Buffer.concat([
    check,
    string(type),
    string(raw),
    string("ssh:"),
    Buffer.from([1]),
    string("handle"),
    string(""),
    string(""),
  ]);
  const padded = Buffer.concat([privateSection, Buffer.from([1, 2, 3, 4, 5, 6, 7].slice(0, (8 - (privateSection.length % 8)) % 8))]);
  const one = Buffer.from([0, 0, 0, 1]);
  const binary = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    string("none"),
    string("none"),
    string(""),
    one,
    string(publicBlob),
    string(padded),
  ]);
  return pemText("OPENSSH PRIVATE KEY", binary);
}

describe("complete keys of types SSH cannot use here: PRIVATE_KEY_UNSUPPORTED naming the type", () => {
  it.each([
    ["FIDO sk-ssh-ed25519", () => openSshContainer("sk-ssh-ed25519@openssh.com"), "sk-ssh-ed25519@openssh.com"],
    ["FIDO sk-ecdsa", () => openSshContainer("sk-ecdsa-sha2-nistp256@openssh.com"), "sk-ecdsa-sha2-nistp256@openssh.com"],
    ["an unknown OpenSSH key type", () => openSshContainer("frobnicate@example.com"), "frobnicate@example.com"],
    ["EC P-224 (PKCS#8)", () => keys.opensslGenpkey(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-224"]).text, "secp224r1"],
    [
      "EC P-224 (PEM SEC1)",
      () =>
        execFileSync(
          "/usr/bin/openssl",
          ["ec", "-in", keys.opensslGenpkey(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-224"]).file],
          { encoding: "utf8", stdio: "pipe" },
        ),
      "secp224r1",
    ],
    ["Ed448 (PKCS#8)", () => keys.opensslGenpkey(["-algorithm", "ed448"]).text, "Ed448"],
    ["X25519 (PKCS#8)", () => keys.opensslGenpkey(["-algorithm", "x25519"]).text, "X25519"],
    ["Ed448 (PuTTY .ppk v3)", () => puttygen(["-t", "ed448"]), "ssh-ed448"],
  ])("%s", async (_name, make, typeName) => {
    const error = await catchKeyError(() => parsePrivateKey(make()));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_UNSUPPORTED", "private_key"]);
    expect(error.message).toContain(typeName);
  });

  it("an encrypted Ed448 PKCS#8 key is refused for its type once decrypted", async () => {
    const error = await catchKeyError(() => parsePrivateKey(keys.opensslGenpkey(["-algorithm", "ed448"], PASSPHRASE).text, PASSPHRASE));
    expect([error.code, error.message]).toEqual(["PRIVATE_KEY_UNSUPPORTED", expect.stringContaining("Ed448")]);
  });
});

describe("PuTTY .ppk files without their private half", () => {
  const full = puttygen(["-t", "ed25519", "--ppk-param", "version=2"]);
  const publicOnly = full.slice(0, full.indexOf("Private-Lines:"));

  it("a .ppk holding only the public key is a public key", async () => {
    const error = await catchKeyError(() => parsePrivateKey(publicOnly));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_IS_PUBLIC", "private_key"]);
  });

  it("a .ppk cut short inside its public lines is not a key", async () => {
    const cut = publicOnly.replace(/^Public-Lines: \d+$/m, "Public-Lines: 40");
    const error = await catchKeyError(() => parsePrivateKey(cut));
    expect([error.code, error.field]).toEqual(["PRIVATE_KEY_INVALID", "private_key"]);
  });
});
