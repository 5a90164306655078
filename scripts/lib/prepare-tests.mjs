// What every test run needs first on a fresh machine: system packages, dependencies and the built
// web app (the API and browser tests run against it).
import { bootstrap, QUIET_ENV } from "./bootstrap.mjs";
import { ROOT } from "./paths.mjs";
import { run, step } from "./run.mjs";
import { ensureSystemPackages } from "./system-packages.mjs";

export function prepareTests({ typecheck }) {
  const python = ensureSystemPackages();
  bootstrap();
  const env = { ...process.env, ...QUIET_ENV, CONNECTIONS_TEST_PYTHON: python };
  step("building the web app");
  run("pnpm", ["exec", "turbo", "run", "build", "--filter=@connections/web", "--output-logs=errors-only"], { cwd: ROOT, env });
  if (typecheck) {
    step("type checking");
    run("pnpm", ["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"], { cwd: ROOT, env });
  }
  return env;
}
