// `npm test`: the whole suite on a fresh machine — system packages, dependencies, lint and type
// checks, build, then unit tests and the API suites against real servers (SQLite and PostgreSQL).
// Reliability tests run here at their quick trial counts; `npm run test:soak` runs them in full.
import { prepareTests } from "./lib/prepare-tests.mjs";
import { step } from "./lib/run.mjs";
import { runVitest } from "./lib/vitest-run.mjs";

const env = await prepareTests({ checks: true });
step("running the tests");
process.exit(runVitest(process.argv.slice(2), env));
