import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { delay, startProcess, waitFor, type RunningProcess } from "./child-process.ts";
import { freePort } from "./free-port.ts";
import { inNetns, runScript } from "./network-namespace.ts";
import { scratchDir } from "./scratch-dir.ts";
import { sshKeygen } from "./ssh-keys.ts";

export interface SshdSettings {
  /** Host key file (mode 0600) to use instead of a generated one: restart with the same or another key. */
  hostKeyPath?: string;
  /** `AllowTcpForwarding`; default true. */
  allowTcpForwarding?: boolean;
  /** `PermitOpen` entries such as "127.0.0.1:5432"; default: any. */
  permitOpen?: string[];
}

export interface SshdOptions extends SshdSettings {
  /** Full authorized_keys lines; may carry options such as `permitopen="…"`. */
  authorizedKeys: string[];
  /** Where to listen; default 127.0.0.1. */
  bindAddress?: string;
  /** Default: a free port. */
  port?: number;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** Type of the generated host key; default ed25519. */
  hostKeyType?: "ed25519" | "ecdsa" | "rsa";
}

export interface SshdRestartOptions extends SshdSettings {
  /** Generate a fresh host key (a "different server" for host key pinning tests). */
  newHostKey?: boolean;
}

export interface SshdServer {
  host: string;
  port: number;
  pid: number;
  /** As `ssh-keygen -lf` prints it: "SHA256:" + unpadded base64. */
  hostKeyFingerprint: string;
  hostKeyPath: string;
  user: string;
  stop(): Promise<void>;
  /**
   * Signals the listener and every connection process at once, as a crash would (default SIGKILL), and
   * waits for the listener to exit. SIGSTOP freezes the server instead (a hung bastion); SIGCONT resumes it.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops (if still running) and starts again on the same port, optionally with other settings. */
  restart(options?: SshdRestartOptions): Promise<void>;
  /** Live client connections: sshd forks one child per connection. */
  connectionCount(): number;
}

// Reads the first line the server sends; run inside the server's namespace.
const bannerProbe = `
import { connect } from "node:net";
const socket = connect(Number(process.argv[2]), process.argv[1]);
socket.setTimeout(2000, () => process.exit(1));
socket.once("error", () => process.exit(1));
socket.once("data", (data) => { process.stdout.write(data.toString("latin1").split("\\r\\n")[0]); process.exit(0); });
`;

/** The real OpenSSH server (`sshd -D -e`) with its own config, host key and authorized_keys, for the current user. */
export async function startSshd(options: SshdOptions): Promise<SshdServer> {
  mkdirSync("/run/sshd", { recursive: true }); // sshd's privilege-separation directory.
  const dir = scratchDir("sshd");
  const host = options.bindAddress ?? "127.0.0.1";
  const port = options.port ?? (await freePort());
  const user = userInfo().username;
  const authorizedKeysFile = join(dir, "authorized_keys");
  writeFileSync(authorizedKeysFile, options.authorizedKeys.map((line) => `${line.trim()}\n`).join(""));
  let keyCount = 0;
  const generateHostKey = () => sshKeygen(dir, `host_key_${++keyCount}`, { type: options.hostKeyType ?? "ed25519" }).path;

  let settings = {
    hostKeyPath: options.hostKeyPath ?? generateHostKey(),
    allowTcpForwarding: options.allowTcpForwarding ?? true,
    permitOpen: options.permitOpen,
  };
  let proc: RunningProcess;

  const launch = async () => {
    const config = join(dir, "sshd_config");
    writeFileSync(
      config,
      [
        `Port ${port}`,
        `ListenAddress ${host}`,
        `HostKey ${settings.hostKeyPath}`,
        `PidFile ${join(dir, "sshd.pid")}`,
        `AuthorizedKeysFile ${authorizedKeysFile}`,
        `AllowUsers ${user}`,
        ...(user === "root" ? ["PermitRootLogin prohibit-password"] : []),
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no", // The scratch dir lives under /tmp.
        `AllowTcpForwarding ${settings.allowTcpForwarding ? "yes" : "no"}`,
        ...(settings.permitOpen ? [`PermitOpen ${settings.permitOpen.join(" ")}`] : []),
        "X11Forwarding no",
        // Room for tests that open 64 connections or channels at once.
        "MaxStartups 256",
        "MaxSessions 256",
        "LogLevel VERBOSE",
        "",
      ].join("\n"),
    );
    const [command, args] = inNetns(options.netns, "/usr/sbin/sshd", ["-D", "-e", "-f", config]);
    proc = startProcess(command, args, join(dir, "sshd.log"));
    try {
      await waitFor(
        "sshd",
        async () => (await runScript(options.netns, bannerProbe, [host, String(port)])).startsWith("SSH-2.0"),
        10_000,
        proc,
      );
      // The probe's own connection must be gone, so connectionCount() starts at 0.
      await waitFor("sshd probe connection to close", async () => childrenOf(proc.pid).length === 0, 5_000, proc);
    } catch (error) {
      await stopTree(proc);
      throw error;
    }
    server.pid = proc.pid;
    server.hostKeyPath = settings.hostKeyPath;
    server.hostKeyFingerprint = fingerprint(settings.hostKeyPath);
  };

  const server: SshdServer = {
    host,
    port,
    pid: 0,
    hostKeyFingerprint: "",
    hostKeyPath: "",
    user,
    async stop() {
      await stopTree(proc);
      rmSync(dir, { recursive: true, force: true });
    },
    async kill(signal = "SIGKILL") {
      for (const pid of [proc.pid, ...descendantsOf(proc.pid)]) signalPid(pid, signal);
      if (signal !== "SIGSTOP" && signal !== "SIGCONT") await proc.exited;
    },
    async restart(restartOptions = {}) {
      await stopTree(proc);
      const { newHostKey, ...changes } = restartOptions;
      settings = { ...settings, ...changes, ...(newHostKey ? { hostKeyPath: generateHostKey() } : {}) };
      await launch();
    },
    connectionCount: () => childrenOf(proc.pid).length,
  };
  try {
    await launch();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}

function fingerprint(keyPath: string): string {
  // "256 SHA256:… comment (ED25519)"
  return execFileSync("ssh-keygen", ["-lf", keyPath], { encoding: "utf8" }).split(" ")[1]!;
}

// Connection processes call setsid(), so stopping the listener's process group leaves them running:
// stop them by PID as well.
async function stopTree(proc: RunningProcess): Promise<void> {
  const pids = descendantsOf(proc.pid);
  await proc.stop();
  for (const pid of pids) signalPid(pid, "SIGTERM");
  const deadline = Date.now() + 5_000;
  while (living(pids).length > 0 && Date.now() < deadline) await delay(50);
  for (const pid of living(pids)) signalPid(pid, "SIGKILL");
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** PID → [state, parent PID] for every process, from /proc. */
function processTable(): Map<number, { state: string; ppid: number }> {
  const table = new Map<number, { state: string; ppid: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // The command name may contain spaces; the fields after it are "state ppid …".
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(name), { state: state!, ppid: Number(ppid) });
    } catch {
      // Exited while we were looking.
    }
  }
  return table;
}

function childrenOf(pid: number, table = processTable()): number[] {
  return [...table].filter(([, p]) => p.ppid === pid && p.state !== "Z").map(([child]) => child);
}

function descendantsOf(pid: number, table = processTable()): number[] {
  return childrenOf(pid, table).flatMap((child) => [child, ...descendantsOf(child, table)]);
}

function living(pids: number[]): number[] {
  const table = processTable();
  return pids.filter((pid) => table.has(pid) && table.get(pid)!.state !== "Z");
}
