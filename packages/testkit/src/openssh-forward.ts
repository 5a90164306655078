import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { startProcess, type RunningProcess } from "./child-process.ts";
import { freePort } from "./free-port.ts";
import { scratchDir } from "./scratch-dir.ts";

/** One SSH server on the way: where it listens, who logs in, and the private key file for it. */
export interface OpenSshHop {
  host: string;
  port: number;
  user: string;
  identityFile: string;
}

export interface OpenSshForwardOptions {
  /** The SSH server that connects to `target` (the bastion). */
  server: OpenSshHop;
  /** Reached first, in order (`ssh -J`): the first is the one this process reaches. */
  jumpHosts?: OpenSshHop[];
  target: { host: string; port: number };
  /** How long the local port may take to listen; default 10 s. */
  timeoutMs?: number;
}

export interface OpenSshForward {
  /** 127.0.0.1:port leads to the target. */
  port: number;
  /** The `ssh` client's own PID (the jump hosts' `ssh -W` processes are its children). */
  pid: number;
  logFile: string;
  /** Stops the client and its jump processes by process group. */
  stop(): Promise<void>;
}

/**
 * OpenSSH's own client as a local forward, `ssh -N -L 127.0.0.1:<free port>:<target> [-J jump1,…]
 * server`, resolved once the port listens. Each hop's settings are in a config file (-F) because
 * `ssh -J` hands the ssh that reaches a jump host only -F, not -i or -o. Host keys are not checked:
 * these are test servers with fresh keys.
 */
export async function startOpenSshForward(options: OpenSshForwardOptions): Promise<OpenSshForward> {
  const dir = scratchDir("openssh-forward");
  const port = await freePort();
  const hops = [...(options.jumpHosts ?? []), options.server];
  const alias = (i: number) => (i === hops.length - 1 ? "server" : `jump${i + 1}`);
  const config = join(dir, "ssh_config");
  writeFileSync(
    config,
    [
      ...hops.flatMap((hop, i) => [
        `Host ${alias(i)}`,
        `  HostName ${hop.host}`,
        `  Port ${hop.port}`,
        `  User ${hop.user}`,
        `  IdentityFile ${hop.identityFile}`,
      ]),
      "Host *",
      "  IdentitiesOnly yes",
      "  StrictHostKeyChecking no",
      "  UserKnownHostsFile /dev/null",
      "  BatchMode yes",
      "  ExitOnForwardFailure yes",
      "  LogLevel ERROR",
      "",
    ].join("\n"),
  );
  const jumps = hops.slice(0, -1).map((_, i) => alias(i));
  const proc = startProcess(
    "ssh",
    [
      "-F",
      config,
      "-N",
      "-L",
      `127.0.0.1:${port}:${options.target.host}:${options.target.port}`,
      ...(jumps.length > 0 ? ["-J", jumps.join(",")] : []),
      "server",
    ],
    join(dir, "ssh.log"),
  );
  try {
    await waitListening(port, proc, options.timeoutMs ?? 10_000);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { port, pid: proc.pid, logFile: proc.logFile, stop: () => proc.stop() };
}

/**
 * Whether something listens on 127.0.0.1:port, read from the kernel's table: a probe connection
 * would make `ssh -L` open a channel, which costs round trips the bench's WAN measurement counts.
 */
async function listening(port: number): Promise<boolean> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const table = await readFile("/proc/net/tcp", "utf8");
  // Columns: sl, local_address, rem_address, st (0A is LISTEN).
  return table.split("\n").some((line) => {
    const [, address, , state] = line.trim().split(/\s+/);
    return address === local && state === "0A";
  });
}

/** Polls every 2 ms, so a new forward's time (a bench figure) is not rounded up to a coarse poll interval. */
async function waitListening(port: number, proc: RunningProcess, timeoutMs: number): Promise<void> {
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const deadline = performance.now() + timeoutMs;
  while (!(await listening(port))) {
    if (exited) throw new Error(`ssh -L exited before it listened:\n${await readFile(proc.logFile, "utf8").catch(() => "")}`);
    if (performance.now() > deadline) throw new Error(`ssh -L did not listen within ${timeoutMs} ms (log: ${proc.logFile})`);
    await delay(2);
  }
}
