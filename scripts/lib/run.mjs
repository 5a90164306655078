// Small process helpers for the project scripts (no dependencies: they run before install).
import { spawn, spawnSync } from "node:child_process";

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) fail(command, args, result.status ?? result.signal);
  return result;
}

export function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  return { ok: !result.error && result.status === 0, stdout: result.stdout ?? "", stderr: result.stderr ?? "", status: result.status };
}

/**
 * Runs a command with its output held back: lines matching `show` appear as they come (progress),
 * everything else (compiler chatter of native builds) only if the command fails. While nothing is
 * shown for `heartbeatMs`, says it is still at it.
 */
export function runQuietly(command, args, { show = null, heartbeatMs = 30_000, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    let pending = "";
    let lastShown = Date.now();
    const started = Date.now();
    const onData = (chunk) => {
      output.push(chunk);
      const lines = (pending + chunk.toString("utf8")).split("\n");
      pending = lines.pop();
      for (const line of lines.map((l) => l.trimEnd())) {
        if (line && show?.test(line)) {
          console.log(`  ${line}`);
          lastShown = Date.now();
        }
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const heartbeat = setInterval(() => {
      if (Date.now() - lastShown < heartbeatMs) return;
      console.log(`  … ${Math.round((Date.now() - started) / 1000)} s`);
      lastShown = Date.now();
    }, 1000);
    child.on("error", (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) return resolve();
      process.stdout.write(Buffer.concat(output));
      fail(command, args, code ?? signal);
    });
  });
}

function fail(command, args, status) {
  console.error(`\n✗ ${command} ${args.join(" ")} failed (exit ${status})`);
  process.exit(typeof status === "number" ? status : 1);
}

let current = null;

/** Starts a named step of a script's progress; the previous one reports how long it took. */
export function step(message) {
  endStep();
  console.log(`\n▸ ${message}`);
  current = { started: Date.now() };
}

/** Ends the current step, printing its duration. */
export function endStep() {
  if (!current) return;
  console.log(`  done in ${((Date.now() - current.started) / 1000).toFixed(1)} s`);
  current = null;
}
