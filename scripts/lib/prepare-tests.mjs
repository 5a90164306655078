// What every test run needs first on a fresh machine: system packages, dependencies, the checks
// (lint and types: seconds, so they fail fast before the slow build) and the built web app (the API
// and browser tests run against it).
import { bootstrap, QUIET_ENV } from "./bootstrap.mjs";
import { childEnv } from "./env.mjs";
import { ROOT } from "./paths.mjs";
import { capture, run, step } from "./run.mjs";
import { ensureSystemPackages } from "./system-packages.mjs";

export async function prepareTests({ checks }) {
  const python = ensureSystemPackages();
  await bootstrap();
  const env = childEnv({ ...QUIET_ENV, CONNECTIONS_TEST_PYTHON: python });
  if (checks) {
    check("lint", ["run", "lint"], "`npm run lint` shows them again, `npm run format` fixes formatting", env);
    check("type checking", ["run", "typecheck"], "`npm run typecheck` shows them again", env);
  }
  step("building the web app");
  // The checks above have type-checked the web app: its build need not do it again.
  const buildEnv = checks ? { ...env, CONNECTIONS_TYPES_CHECKED: "1" } : env;
  run("pnpm", ["exec", "turbo", "run", "build", "--filter=@connections/web", "--output-logs=errors-only"], { cwd: ROOT, env: buildEnv });
  return env;
}

/** Runs a check (its output shows as it runs); on failure stops the run before the slow part. */
function check(name, args, hint, env) {
  step(name);
  const result = capture("pnpm", args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.ok) return;
  console.error(`\n✗ ${name} failed, so the tests did not run: fix the problems above (${hint}).`);
  process.exit(1);
}
