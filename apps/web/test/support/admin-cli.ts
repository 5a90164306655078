import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { target } from "./fixtures.ts";

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Through `npm run -s cli -- …` exactly as the README shows it, npm's own second of start-up included. */
  viaNpm?: boolean;
}

/**
 * The admin CLI: scripts/cli.mjs, which is what `npm run -s cli` runs, started without npm in
 * between unless `viaNpm`. On the test server's database unless `env` says otherwise.
 */
export async function cli(args: string[], env: Record<string, string> = {}, { viaNpm = false }: CliOptions = {}): Promise<CliResult> {
  const fullEnv = { ...process.env, DATABASE_URL: target().databaseUrl, CONNECTIONS_ENCRYPTION_KEY: target().encryptionKey, ...env };
  const [command, prefix]: [string, string[]] = viaNpm ? ["npm", ["run", "-s", "cli", "--"]] : [process.execPath, ["scripts/cli.mjs"]];
  return execFileAsync(command, [...prefix, ...args], { cwd: ROOT, env: fullEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** The JSON a successful command printed; fails the test with the command's stderr otherwise. */
export async function cliJson(...args: string[]): Promise<any> {
  const result = await cli(args);
  if (result.code !== 0) throw new Error(`cli ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
