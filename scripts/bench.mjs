// `npm run bench`: the benchmarks of bench/ (not part of `npm test`). Needs what the tests need —
// sshd, PostgreSQL, MariaDB, ClickHouse — and the built web app for the API load measurement.
import { bootstrap, QUIET_ENV } from "./lib/bootstrap.mjs";
import { BENCH_ONLY, childEnv } from "./lib/env.mjs";
import { ROOT } from "./lib/paths.mjs";
import { run, step } from "./lib/run.mjs";
import { ensureSystemPackages } from "./lib/system-packages.mjs";

ensureSystemPackages();
await bootstrap();
const env = childEnv(QUIET_ENV);
if (BENCH_ONLY === "wan") {
  step("running the WAN measurement");
  run("pnpm", ["--filter", "@connections/bench", "run", "bench:wan"], { cwd: ROOT, env });
} else if (BENCH_ONLY === "jump") {
  step("running the jump-host measurement");
  run("pnpm", ["--filter", "@connections/bench", "run", "bench:jump"], { cwd: ROOT, env });
} else if (BENCH_ONLY === "audit") {
  step("running the audit-cost measurement");
  run("pnpm", ["--filter", "@connections/bench", "run", "bench:audit"], { cwd: ROOT, env });
} else if (BENCH_ONLY === "reverse") {
  step("running the reverse-tunnel measurement");
  run("pnpm", ["--filter", "@connections/bench", "run", "bench:reverse"], { cwd: ROOT, env });
} else {
  step("building the web app");
  run("pnpm", ["exec", "turbo", "run", "build", "--filter=@connections/web", "--output-logs=errors-only"], { cwd: ROOT, env });
  step("running the benchmarks");
  run("pnpm", ["--filter", "@connections/bench", "run", "bench"], { cwd: ROOT, env });
}
