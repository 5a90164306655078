import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir, startSshd, type SshdServer } from "@connections/testkit";
import { connectSsh, DEFAULT_TIMEOUTS, parsePrivateKey, TargetPolicy } from "../src/index.ts";

const PASSPHRASE = "correct horse battery";
const dir = scratchDir("key-formats");

/** Every format a user may paste, generated now by the real tools; each with its passphrase, if any. */
const formats: Array<[string, () => { text: string; passphrase?: string }]> = [
  ["OpenSSH ed25519", () => sshKeygen("ed25519")],
  ["OpenSSH ecdsa", () => sshKeygen("ecdsa")],
  ["OpenSSH rsa", () => sshKeygen("rsa")],
  ["OpenSSH ed25519, encrypted", () => sshKeygen("ed25519", [], PASSPHRASE)],
  ["OpenSSH ed25519, chacha20-poly1305", () => sshKeygen("ed25519", ["-Z", "chacha20-poly1305@openssh.com"], PASSPHRASE)],
  ["OpenSSH rsa, chacha20-poly1305", () => sshKeygen("rsa", ["-Z", "chacha20-poly1305@openssh.com"], PASSPHRASE)],
  ["PEM RSA", () => sshKeygen("rsa", ["-m", "PEM"])],
  ["PEM EC", () => sshKeygen("ecdsa", ["-m", "PEM"])],
  ["PEM RSA, encrypted", () => sshKeygen("rsa", ["-m", "PEM"], PASSPHRASE)],
  ["PKCS#8 RSA", () => sshKeygen("rsa", ["-m", "PKCS8"])],
  ["PKCS#8 ed25519", () => openssl(["-algorithm", "ed25519"])],
  ["PKCS#8 EC, encrypted", () => openssl(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], PASSPHRASE)],
  ["PKCS#8 ed25519, encrypted", () => openssl(["-algorithm", "ed25519"], PASSPHRASE)],
  ["PuTTY v3 ed25519", () => putty("ed25519", [])],
  ["PuTTY v3 ed25519, encrypted", () => putty("ed25519", [], PASSPHRASE)],
  ["PuTTY v2 rsa, encrypted", () => putty("rsa", ["--ppk-param", "version=2"], PASSPHRASE)],
  ["PuTTY v2 ecdsa", () => putty("ecdsa", ["--ppk-param", "version=2"])],
  ["PuTTY v3 rsa", () => putty("rsa", [])],
  ["PuTTY v3 ecdsa", () => putty("ecdsa", [])],
];

let count = 0;
function sshKeygen(type: string, extra: string[] = [], passphrase = "") {
  const file = join(dir, `key-${++count}`);
  execFileSync("ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-f", file, ...extra], { stdio: "ignore" });
  return { text: readFileSync(file, "utf8"), ...(passphrase ? { passphrase } : {}) };
}
function openssl(args: string[], passphrase?: string) {
  const file = join(dir, `key-${++count}.pem`);
  execFileSync("openssl", ["genpkey", ...args, ...(passphrase ? ["-aes-256-cbc", "-pass", `pass:${passphrase}`] : []), "-out", file], {
    stdio: "ignore",
  });
  return { text: readFileSync(file, "utf8"), ...(passphrase ? { passphrase } : {}) };
}
function putty(type: string, args: string[], passphrase?: string) {
  const source = join(dir, `key-${++count}`);
  execFileSync("ssh-keygen", ["-q", "-t", type, "-N", "", "-f", source], { stdio: "ignore" });
  const passArgs = passphrase ? ["--new-passphrase", `${source}.pass`] : [];
  if (passphrase) writeFileSync(`${source}.pass`, `${passphrase}\n`);
  execFileSync("puttygen", [source, "-O", "private", "-o", `${source}.ppk`, ...args, ...passArgs], { stdio: "ignore" });
  return { text: readFileSync(`${source}.ppk`, "utf8"), ...(passphrase ? { passphrase } : {}) };
}

const keys = formats.map(([name, make]) => ({ name, ...make() }));
let sshd: SshdServer;

beforeAll(async () => {
  // The bastion learns each key's public half from our own parser, and the login below proves it.
  const publicKeys = await Promise.all(keys.map(async (k) => (await parsePrivateKey(k.text, k.passphrase)).publicKey));
  sshd = await startSshd({ authorizedKeys: publicKeys });
});
afterAll(() => sshd?.stop());

describe("every accepted key format authenticates against a real OpenSSH sshd", () => {
  it.each(keys.map((k) => [k.name, k] as const))("%s", async (_name, key) => {
    const usable = await parsePrivateKey(key.text, key.passphrase);
    const session = await connectSsh(
      { host: sshd.host, port: sshd.port, user: sshd.user, key: usable, pinnedHostKey: sshd.hostKeyFingerprint },
      DEFAULT_TIMEOUTS,
      { policy: new TargetPolicy() },
    );
    expect(session.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
    // After login the caller owns the client's errors (the engine's TunnelConnection listens): here a
    // reset from sshd after our goodbye is no failure of the login under test.
    session.client.on("error", () => {});
    session.client.end();
  });
});
