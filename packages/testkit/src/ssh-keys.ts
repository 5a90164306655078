import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface GeneratedKey {
  privateKey: string;
  publicKey: string;
  path: string;
}

/** A fresh key pair made by ssh-keygen for this test run (test keys are never committed). */
export function sshKeygen(
  dir: string,
  name: string,
  options: { type?: "ed25519" | "ecdsa" | "rsa"; passphrase?: string; format?: "PEM" | "PKCS8" } = {},
): GeneratedKey {
  const path = join(dir, name);
  const args = ["-q", "-t", options.type ?? "ed25519", "-N", options.passphrase ?? "", "-C", `test-${name}`, "-f", path];
  if (options.type === "rsa") args.push("-b", "2048");
  if (options.format) args.push("-m", options.format);
  execFileSync("ssh-keygen", args, { stdio: "ignore" });
  return { privateKey: readFileSync(path, "utf8"), publicKey: readFileSync(`${path}.pub`, "utf8").trim(), path };
}
