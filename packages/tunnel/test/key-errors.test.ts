import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { parsePrivateKey } from "../src/index.ts";
import { KeyDir, PASSPHRASE, catchKeyError } from "./key-files.ts";

// Each mistake a user makes when pasting a key gets its own code and names the field to fix.
const keys = new KeyDir();
afterAll(() => keys.remove());

const ed25519 = keys.sshKeygen(["-t", "ed25519"]);
const rsa = keys.sshKeygen(["-t", "rsa", "-b", "2048"]);
const pkcs8 = keys.opensslGenpkey(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]);

describe("PRIVATE_KEY_IS_PUBLIC", () => {
  it.each([
    ["an ed25519 .pub line", () => readFileSync(`${ed25519.file}.pub`, "utf8")],
    ["an rsa .pub line", () => readFileSync(`${rsa.file}.pub`, "utf8")],
    ["a .pub line with leading blank lines", () => `\n\n  ${readFileSync(`${ed25519.file}.pub`, "utf8")}`],
    [
      "a -----BEGIN PUBLIC KEY----- block",
      () => execFileSync("/usr/bin/openssl", ["pkey", "-in", pkcs8.file, "-pubout"], { encoding: "utf8" }),
    ],
    [
      "a -----BEGIN RSA PUBLIC KEY----- block",
      () => execFileSync("/usr/bin/ssh-keygen", ["-e", "-m", "PEM", "-f", `${rsa.file}.pub`], { encoding: "utf8" }),
    ],
    ["an RFC 4716 SSH2 public key", () => execFileSync("/usr/bin/ssh-keygen", ["-e", "-f", `${ed25519.file}.pub`], { encoding: "utf8" })],
  ])("is the code for %s", async (_what, read) => {
    const error = await catchKeyError(() => parsePrivateKey(read()));
    expect(error.code).toBe("PRIVATE_KEY_IS_PUBLIC");
    expect(error.field).toBe("private_key");
    expect(error.message).toMatch(/public key/);
  });

  it("is checked before the passphrase", async () => {
    const error = await catchKeyError(() => parsePrivateKey(readFileSync(`${ed25519.file}.pub`, "utf8"), "x"));
    expect(error.code).toBe("PRIVATE_KEY_IS_PUBLIC");
  });
});

describe("PRIVATE_KEY_INVALID", () => {
  const openSsh = ed25519.text;
  const lines = openSsh.trim().split("\n");

  it.each([
    ["random text", () => "this is not a key, it is a sentence"],
    ["an empty string", () => ""],
    ["random base64", () => Buffer.from("x".repeat(300)).toString("base64")],
    ["a certificate", () => "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n"],
    ["the first half of an OpenSSH key", () => openSsh.slice(0, Math.floor(openSsh.length / 2))],
    ["an OpenSSH key with its body cut short", () => [lines[0], lines[1], lines.at(-1)].join("\n")],
    [
      "a PKCS#8 key with its body cut short",
      () => {
        const p = pkcs8.text.trim().split("\n");
        return [p[0], p[1], p.at(-1)].join("\n");
      },
    ],
    [
      "a PEM RSA key with its body cut short",
      () => {
        const pem = keys.sshKeygen(["-t", "rsa", "-b", "2048", "-m", "PEM"]).text.trim().split("\n");
        return [...pem.slice(0, 4), pem.at(-1)].join("\n");
      },
    ],
  ])("is the code for %s", async (_what, read) => {
    const error = await catchKeyError(() => parsePrivateKey(read()));
    expect(error.code).toBe("PRIVATE_KEY_INVALID");
    expect(error.field).toBe("private_key");
  });

  it("never echoes the key text in its message", async () => {
    const truncated = openSsh.slice(0, 200);
    const error = await catchKeyError(() => parsePrivateKey(truncated));
    expect(error.message).not.toContain(truncated.split("\n")[1]!);
  });
});

describe("passphrase errors are distinct", () => {
  const encrypted = keys.sshKeygen(["-t", "ed25519"], PASSPHRASE);

  it("PASSPHRASE_REQUIRED and PASSPHRASE_WRONG both point at private_key_passphrase, with different messages", async () => {
    const required = await catchKeyError(() => parsePrivateKey(encrypted.text));
    const wrong = await catchKeyError(() => parsePrivateKey(encrypted.text, "definitely-not-it"));
    expect(required.code).toBe("PASSPHRASE_REQUIRED");
    expect(wrong.code).toBe("PASSPHRASE_WRONG");
    expect(required.field).toBe("private_key_passphrase");
    expect(wrong.field).toBe("private_key_passphrase");
    expect(required.message).not.toBe(wrong.message);
  });

  it("KeyError is an Error with its name set", async () => {
    const error = await catchKeyError(() => parsePrivateKey(encrypted.text));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("KeyError");
  });
});
