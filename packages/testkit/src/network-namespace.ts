import { execFile } from "node:child_process";

/** The command line to run `command` inside `netns`. `ip netns exec` execs, so the PID is still the server's own. */
export function inNetns(netns: string | undefined, command: string, args: string[]): [string, string[]] {
  return netns ? ["ip", ["netns", "exec", netns, command, ...args]] : [command, args];
}

/**
 * Runs a small ES-module script with this Node binary inside `netns` (or right here) and returns its stdout.
 * Readiness probes and setup queries go through this: a server in a private namespace is not reachable
 * from the test process's own namespace.
 */
export function runScript(netns: string | undefined, script: string, args: string[], timeoutMs = 10_000): Promise<string> {
  const [command, fullArgs] = inNetns(netns, process.execPath, ["--input-type=module", "-e", script, ...args]);
  return new Promise((resolve, reject) =>
    execFile(command, fullArgs, { timeout: timeoutMs, killSignal: "SIGKILL" }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}
