// Generates throwaway keys with the real tools (ssh-keygen, openssl) into a temp dir, so no key
// file is ever committed and every format is the one users actually paste.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { KeyError } from "../src/index.ts";

export const PASSPHRASE = "correct horse battery";

export class KeyDir {
  readonly dir = mkdtempSync(join(tmpdir(), "tunnel-keys-"));
  private count = 0;

  path(name: string): string {
    return join(this.dir, name);
  }

  /** ssh-keygen; returns the private key text. The public key lands in `<file>.pub`. */
  sshKeygen(args: string[], passphrase = ""): { file: string; text: string } {
    const file = this.path(`ssh-${++this.count}`);
    execFileSync("/usr/bin/ssh-keygen", ["-q", "-f", file, "-C", `test-${this.count}@example`, "-N", passphrase, ...args], {
      stdio: "pipe",
    });
    return { file, text: readFileSync(file, "utf8") };
  }

  /** openssl genpkey (PKCS#8); `-aes-256-cbc` encryption when a passphrase is given. */
  opensslGenpkey(args: string[], passphrase?: string): { file: string; text: string } {
    const file = this.path(`openssl-${++this.count}.pem`);
    const encryption = passphrase === undefined ? [] : ["-aes-256-cbc", "-pass", `pass:${passphrase}`];
    execFileSync("/usr/bin/openssl", ["genpkey", ...args, ...encryption, "-out", file], { stdio: "pipe" });
    return { file, text: readFileSync(file, "utf8") };
  }

  /** `ssh-keygen -lf` of a public key file: the `SHA256:…` field. */
  fingerprintOfPublicKeyFile(file: string): string {
    const out = execFileSync("/usr/bin/ssh-keygen", ["-lf", file], { encoding: "utf8" });
    const fingerprint = out.split(" ")[1];
    if (!fingerprint?.startsWith("SHA256:")) throw new Error(`unexpected ssh-keygen -lf output: ${out}`);
    return fingerprint;
  }

  /** The OpenSSH public key line of a PKCS#8 key made by openssl, built from openssl's own output. */
  publicKeyOfOpensslKey(file: string, passphrase?: string): string {
    const passin = passphrase === undefined ? [] : ["-passin", `pass:${passphrase}`];
    const der = execFileSync("/usr/bin/openssl", ["pkey", "-in", file, ...passin, "-pubout", "-outform", "DER"]);
    if (der.length === 44) {
      // Ed25519 SubjectPublicKeyInfo: 12 header bytes, then the raw 32-byte key. (ssh-keygen -i
      // cannot import Ed25519 PKCS#8, so build the SSH blob by hand.)
      const blob = Buffer.concat([sshString(Buffer.from("ssh-ed25519")), sshString(der.subarray(12))]);
      return `ssh-ed25519 ${blob.toString("base64")}`;
    }
    const pem = execFileSync("/usr/bin/openssl", ["pkey", "-in", file, ...passin, "-pubout"]);
    const pemFile = this.path(`pub-${++this.count}.pem`);
    writeFileSync(pemFile, pem);
    return execFileSync("/usr/bin/ssh-keygen", ["-i", "-m", "PKCS8", "-f", pemFile], { encoding: "utf8" }).trim();
  }

  /** Writes a public key line and returns `ssh-keygen -lf` of it. */
  fingerprintOfPublicKeyLine(line: string): string {
    const file = this.path(`line-${++this.count}.pub`);
    writeFileSync(file, `${line}\n`);
    return this.fingerprintOfPublicKeyFile(file);
  }

  /** What ssh-keygen itself derives from a private key text (proves the text is a usable key). */
  publicKeyFromPrivateText(text: string, passphrase = ""): string {
    const file = this.path(`priv-${++this.count}`);
    writeFileSync(file, text);
    chmodSync(file, 0o600);
    return execFileSync("/usr/bin/ssh-keygen", ["-y", "-P", passphrase, "-f", file], { encoding: "utf8" }).trim();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** "ssh-ed25519 AAAA… comment" → "ssh-ed25519 AAAA…" */
export function withoutComment(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(" ");
}

/** Runs fn, which must throw a KeyError, and returns that error. */
export async function catchKeyError(fn: () => Promise<unknown>): Promise<KeyError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyError);
    return error as KeyError;
  }
  throw new Error("expected a KeyError, but nothing was thrown");
}
