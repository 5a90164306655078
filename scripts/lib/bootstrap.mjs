// What both `npm start` and `npm test` need first: pnpm 12.4.2, dependencies, Prisma clients.
import { capture, run, step } from "./run.mjs";
import { ROOT } from "./paths.mjs";

const PNPM_VERSION = "12.4.2";

export function bootstrap() {
  const pnpm = capture("pnpm", ["--version"]);
  if (!pnpm.ok || pnpm.stdout.trim() !== PNPM_VERSION) {
    step(`installing pnpm ${PNPM_VERSION}`);
    run("npm", ["install", "--global", `pnpm@${PNPM_VERSION}`]);
  }
  step("installing dependencies");
  // better-sqlite3 compiles against the Node headers already on the machine instead of downloading them.
  run("pnpm", ["install", "--frozen-lockfile"], { cwd: ROOT, env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? "/usr" } });
  step("generating Prisma clients");
  run("pnpm", ["--filter", "@connections/db", "run", "generate"], { cwd: ROOT });
}

/** Environment every child gets: no telemetry calls from a machine that may have no internet. */
export const QUIET_ENV = { NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
