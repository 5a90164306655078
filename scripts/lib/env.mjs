// The one place the project scripts read process.env. Child processes get the environment the
// script was started with (plus what a step adds); the few settings the scripts use are read here.

/** The environment this script was started with, plus `extra`, for a child process. */
export function childEnv(extra = {}) {
  return { ...process.env, ...extra };
}

/** The port `npm start` serves on. */
export const PORT = process.env.PORT ?? "3000";

/** Node headers for native builds: the machine's own, so node-gyp never tries to download them. */
export const NODE_HEADERS_DIR = process.env.npm_config_nodedir ?? "/usr";

/** The master key the operator configured, if any (data/local.env is the fallback). */
export const CONFIGURED_MASTER_KEY = process.env.CONNECTIONS_ENCRYPTION_KEY;

/**
 * `BENCH_ONLY=wan npm run bench`: only the WAN table; `BENCH_ONLY=jump`: only the jump-host table;
 * `BENCH_ONLY=reverse`: only the reverse-tunnel table; `BENCH_ONLY=audit`: only the audit-cost table
 * (no web build, no other measurement).
 */
export const BENCH_ONLY = process.env.BENCH_ONLY;
