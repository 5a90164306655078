import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { target, type Tenant } from "./fixtures.ts";

const execFileAsync = promisify(execFile);
export const FIXTURES = new URL("../fixtures/", import.meta.url);
const DOCS_BASE_URL = "https://api.getdynamiq.ai";

/** A docs example with only the base URL changed to the test server. */
export function exampleSource(file: string): string {
  return readFileSync(new URL(file, FIXTURES), "utf8").replaceAll(DOCS_BASE_URL, target().baseUrl);
}

/** A HOME with ~/.ssh/dynamiq_bastion, as the docs' examples expect. */
export function homeWithBastionKey(): { home: string; privateKey: string } {
  const home = scratchDir("home");
  mkdirSync(join(home, ".ssh"), { mode: 0o700 });
  const key = sshKeygen(join(home, ".ssh"), "dynamiq_bastion");
  return { home, privateKey: key.privateKey };
}

export async function runExample(command: string, file: string, tenant: Tenant, env: { home: string; dbPassword: string }) {
  const path = join(env.home, file);
  writeFileSync(path, exampleSource(file));
  const args = command === "bash" ? ["-eo", "pipefail", path] : [path];
  return execFileAsync(command, args, {
    env: {
      PATH: process.env.PATH,
      HOME: env.home,
      DYNAMIQ_PROJECT_ID: tenant.projectId,
      DYNAMIQ_ACCESS_KEY: tenant.key,
      DB_PASSWORD: env.dbPassword,
    },
  });
}
