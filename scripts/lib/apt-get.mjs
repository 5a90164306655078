// apt-get that waits for another apt run instead of failing. apt >= 1.9.11 waits for the dpkg lock
// itself when given DPkg::Lock::Timeout (install does; `update` on apt 2.6 still fails at once on
// the lists lock), so: wait for every lock first, pass the timeout, and retry a run that lost the
// race for a lock to another apt run.
import { spawnSync } from "node:child_process";
import { APT_LOCK_FILES, APT_LOCK_LIMIT_MS, sleep, waitForLocks } from "./apt-lock.mjs";
import { childEnv } from "./env.mjs";

// Held by another process; not "Could not open lock file" (permissions), which waiting cannot fix.
const LOCK_ERROR = /Could not get lock|Unable to acquire the dpkg frontend lock/;

/**
 * The apt-get command line for `args`, waiting up to `seconds` for the dpkg lock.
 * @param {string[]} args
 * @param {{ seconds?: number, options?: string[] }} [settings]
 */
export function aptGetArgs(args, { seconds = APT_LOCK_LIMIT_MS / 1000, options = [] } = {}) {
  return ["-o", `DPkg::Lock::Timeout=${Math.max(1, Math.ceil(seconds))}`, ...options, ...args];
}

/**
 * Runs `apt-get args` (output shown), waiting up to `limitMs` for other apt runs. `lockFiles` and
 * `options` (apt -o settings) let tests point apt at a private state directory.
 * @param {string[]} args
 * @param {{ lockFiles?: string[], options?: string[], limitMs?: number, log?: (line: string) => void }} [settings]
 */
export function aptGet(args, { lockFiles = APT_LOCK_FILES, options = [], limitMs = APT_LOCK_LIMIT_MS, log = console.log } = {}) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    waitForLocks({ files: lockFiles, limitMs: Math.max(0, deadline - Date.now()), log });
    const seconds = Math.max(1, (deadline - Date.now()) / 1000);
    const result = spawnSync("apt-get", aptGetArgs(args, { seconds, options }), {
      encoding: "utf8",
      stdio: ["ignore", "inherit", "pipe"],
      env: childEnv({ DEBIAN_FRONTEND: "noninteractive" }),
    });
    if (result.error) throw result.error;
    if (result.status === 0) {
      process.stderr.write(result.stderr);
      return;
    }
    if (LOCK_ERROR.test(result.stderr) && Date.now() < deadline) {
      log("another apt run took the lock first; waiting for it");
      sleep(1000);
      continue;
    }
    process.stderr.write(result.stderr);
    throw new Error(`apt-get ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
}
