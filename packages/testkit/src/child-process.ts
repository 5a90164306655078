import { spawn, type SpawnOptions } from "node:child_process";
import { openSync, readFileSync } from "node:fs";

export interface RunningProcess {
  pid: number;
  logFile: string;
  exited: Promise<number | null>;
  /** Stops the process and its children by PID (process group): TERM, then KILL after a grace period. */
  stop(): Promise<void>;
}

// Process groups still running. If a test times out mid-start or the runner is interrupted, the
// exit hook kills them by PID so no server outlives the test process.
const running = new Set<number>();
process.once("exit", () => {
  for (const pid of running) signalGroup(pid, "SIGKILL");
});

/** Starts a long-running test server in its own process group, output to a log file. */
export function startProcess(command: string, args: string[], logFile: string, options: SpawnOptions = {}): RunningProcess {
  const out = openSync(logFile, "a");
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", out, out] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  running.add(pid);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(pid);
      resolve(code);
    }),
  );
  let alive = true;
  void exited.then(() => (alive = false));
  return {
    pid,
    logFile,
    exited,
    async stop() {
      if (!alive) return;
      signalGroup(pid, "SIGTERM");
      const killed = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
      if (!killed) {
        signalGroup(pid, "SIGKILL");
        await exited;
      }
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` resolves true, or fails with the server's log tail. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, proc?: RunningProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc?.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${what} exited with code ${exitCode} before it was ready:\n${logTail(proc!.logFile)}`);
    if (await check().catch(() => false)) return;
    await delay(100);
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms (log: ${proc?.logFile})`);
}

function logTail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return `(no log at ${file})`;
  }
}
