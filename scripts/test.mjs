// `npm test`: the whole suite on a fresh machine — system packages, dependencies, build,
// type checks, then unit tests and the API suites against real servers (SQLite and PostgreSQL).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrap, QUIET_ENV } from "./lib/bootstrap.mjs";
import { ROOT } from "./lib/paths.mjs";
import { capture, run, step } from "./lib/run.mjs";
import { ensureSystemPackages } from "./lib/system-packages.mjs";

const python = ensureSystemPackages();
bootstrap();
const env = { ...process.env, ...QUIET_ENV, CONNECTIONS_TEST_PYTHON: python };

step("building the web app");
run("pnpm", ["exec", "turbo", "run", "build", "--filter=@connections/web", "--output-logs=errors-only"], { cwd: ROOT, env });
step("type checking");
run("pnpm", ["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"], { cwd: ROOT, env });

step("running the tests");
const report = join(mkdtempSync(join(tmpdir(), "connections-report-")), "vitest.json");
const tests = capture("pnpm", ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: ROOT,
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
try {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, "utf8"));
  console.log(`\ntests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`);
} catch {
  console.error("\nno test report was written");
}
process.exit(tests.status ?? 1);
