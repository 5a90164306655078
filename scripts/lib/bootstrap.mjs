// What both `npm start` and `npm test` need first: pnpm 12.4.2, dependencies, Prisma clients.
import { childEnv, NODE_HEADERS_DIR } from "./env.mjs";
import { ROOT } from "./paths.mjs";
import { capture, run, runQuietly, step } from "./run.mjs";

const PNPM_VERSION = "12.4.2";
/** pnpm's own progress and summary; the native builds' compiler output stays hidden unless they fail. */
const INSTALL_PROGRESS = /^(Progress: |Packages: |Done in |Already up to date|Lockfile is up to date)/;

export async function bootstrap() {
  const pnpm = capture("pnpm", ["--version"]);
  if (!pnpm.ok || pnpm.stdout.trim() !== PNPM_VERSION) {
    step(`installing pnpm ${PNPM_VERSION}`);
    run("npm", ["install", "--global", `pnpm@${PNPM_VERSION}`]);
  }
  step("installing dependencies");
  // better-sqlite3 compiles against the Node headers already on the machine instead of downloading them.
  await runQuietly("pnpm", ["install", "--frozen-lockfile", "--reporter=append-only"], {
    cwd: ROOT,
    env: childEnv({ npm_config_nodedir: NODE_HEADERS_DIR }),
    show: INSTALL_PROGRESS,
  });
  step("generating Prisma clients");
  await runQuietly("pnpm", ["--filter", "@connections/db", "run", "generate"], { cwd: ROOT });
}

/** Environment every child gets: no telemetry calls from a machine that may have no internet. */
export const QUIET_ENV = { NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
