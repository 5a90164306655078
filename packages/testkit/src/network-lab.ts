import { execFile, spawnSync, type SpawnOptions } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { promisify } from "node:util";
import { startProcess, type RunningProcess } from "./child-process.ts";

// A real private network built from Linux network namespaces:
//
//   default ns  <prefix>-hb 198.18.X.1/30 ── 198.18.X.2/30 <prefix>-bh   <prefix>-bastion ns
//   bastion ns  <prefix>-bp 198.18.X.5/30 ── 198.18.X.6/30 <prefix>-pb   <prefix>-private ns
//
// The default namespace has no route to the private link and the bastion does not forward, so a
// server in the private namespace can only be reached by something running in the bastion
// namespace (e.g. sshd): a connection that works from the test process went through the tunnel.
//
// Safety: 198.18.0.0/15 is the RFC 2544 benchmarking range. Every namespace, including the
// default one, gets an `unreachable 198.18.X.0/24` route, so a packet for the lab can never follow
// a default route off the machine. No namespace gets a default route; nothing enables forwarding.

const execFileAsync = promisify(execFile);

export interface NetworkLab {
  /** Bastion's address on the default⇄bastion link; the only lab address the default ns reaches. */
  bastionAddress: string;
  /** Private namespace's address; reachable only from the bastion namespace. */
  privateAddress: string;
  bastionNs: string;
  privateNs: string;
  /** The /24 reserved for this lab (unreachable everywhere except its two /30 links). */
  subnet: string;
  /**
   * Sets the bastion's side of the default⇄bastion link down (a partition: packets are dropped, no
   * error reaches either end) or up again.
   */
  setBastionLink(state: "up" | "down"): Promise<void>;
  /** Stops processes in the lab, deletes both namespaces and the host route. Safe to call twice. */
  destroy(): Promise<void>;
}

let available: boolean | undefined;

/** True when we are root and `ip netns add/del` works here (probed once, then cached). */
export function networkLabAvailable(): boolean {
  if (available !== undefined) return available;
  if (process.platform !== "linux" || process.getuid?.() !== 0) return (available = false);
  const probe = `cnprobe${randomBytes(3).toString("hex")}`;
  const added = spawnSync("ip", ["netns", "add", probe], { stdio: "ignore", timeout: 5_000 });
  const deleted = spawnSync("ip", ["netns", "del", probe], { stdio: "ignore", timeout: 5_000 });
  available = added.status === 0 && deleted.status === 0;
  return available;
}

// Processes started by runInNamespace, per namespace, so destroy() can stop them first: a
// namespace with live processes outlives `ip netns del` (and keeps its veths).
const processesByNs = new Map<string, Set<RunningProcess>>();

/** Starts a long-running program inside a namespace. `ip netns exec` execs, so pid is the program's. */
export function runInNamespace(ns: string, command: string, args: string[], logFile: string, options: SpawnOptions = {}): RunningProcess {
  const proc = startProcess("ip", ["netns", "exec", ns, command, ...args], logFile, options);
  let set = processesByNs.get(ns);
  if (!set) processesByNs.set(ns, (set = new Set()));
  set.add(proc);
  void proc.exited.then(() => set.delete(proc));
  return proc;
}

// Labs not yet destroyed. If the test process dies, the exit hook removes them synchronously
// (child-process.ts's hook has already SIGKILLed the servers by then).
const liveLabs = new Map<string, { namespaces: string[]; hostVeth: string; subnet: string }>();
process.once("exit", () => {
  for (const lab of liveLabs.values()) cleanupSync(lab.namespaces, lab.hostVeth, lab.subnet);
});

/** Creates the default ⇄ bastion ⇄ private topology described at the top of this file. */
export async function createNetworkLab(): Promise<NetworkLab> {
  const prefix = `cn${randomBytes(3).toString("hex")}`; // 8 chars, so "<prefix>-xx" fits IFNAMSIZ (15)
  const bastionNs = `${prefix}-bastion`;
  const privateNs = `${prefix}-private`;
  const hostVeth = `${prefix}-hb`;
  const x = await claimSubnet();
  const subnet = `198.18.${x}.0/24`;
  const record = { namespaces: [bastionNs, privateNs], hostVeth, subnet };
  liveLabs.set(prefix, record);

  let destroyed: Promise<void> | undefined;
  const destroy = (): Promise<void> =>
    (destroyed ??= (async () => {
      const procs = [bastionNs, privateNs].flatMap((ns) => [...(processesByNs.get(ns) ?? [])]);
      await Promise.all(procs.map((p) => p.stop()));
      for (const ns of [bastionNs, privateNs]) {
        processesByNs.delete(ns);
        killStragglers(ns);
      }
      cleanupSync(record.namespaces, hostVeth, subnet);
      liveLabs.delete(prefix);
    })());

  try {
    const inB = (...args: string[]) => ip("-n", bastionNs, ...args);
    const inP = (...args: string[]) => ip("-n", privateNs, ...args);
    await ip("netns", "add", bastionNs);
    await ip("netns", "add", privateNs);
    for (const ns of [bastionNs, privateNs]) {
      await ip("-n", ns, "link", "set", "lo", "up");
      await ip("-n", ns, "route", "add", "unreachable", subnet);
    }
    // Forwarding is off in a fresh namespace already; set it explicitly so the topology's central
    // claim (only bastion processes reach the private ns) doesn't rest on a kernel default.
    await ip("netns", "exec", bastionNs, "sysctl", "-qw", "net.ipv4.ip_forward=0");

    // default ⇄ bastion
    await ip("link", "add", hostVeth, "type", "veth", "peer", "name", `${prefix}-bh`, "netns", bastionNs);
    await ip("addr", "add", `198.18.${x}.1/30`, "dev", hostVeth);
    await ip("link", "set", hostVeth, "up");
    await inB("addr", "add", `198.18.${x}.2/30`, "dev", `${prefix}-bh`);
    await inB("link", "set", `${prefix}-bh`, "up");

    // bastion ⇄ private
    await inB("link", "add", `${prefix}-bp`, "type", "veth", "peer", "name", `${prefix}-pb`, "netns", privateNs);
    await inB("addr", "add", `198.18.${x}.5/30`, "dev", `${prefix}-bp`);
    await inB("link", "set", `${prefix}-bp`, "up");
    await inP("addr", "add", `198.18.${x}.6/30`, "dev", `${prefix}-pb`);
    await inP("link", "set", `${prefix}-pb`, "up");
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    bastionAddress: `198.18.${x}.2`,
    privateAddress: `198.18.${x}.6`,
    bastionNs,
    privateNs,
    subnet,
    setBastionLink: (state) => ip("-n", bastionNs, "link", "set", `${prefix}-bh`, state),
    destroy,
  };
}

// Picks a random 198.18.X.0/24 and claims it by adding its unreachable route in the default
// namespace first: `ip route add` fails with "File exists" if another lab holds X, so parallel
// labs (other vitest workers) can't collide, and the guard route exists before any link does.
async function claimSubnet(): Promise<number> {
  for (let attempt = 0; attempt < 32; attempt++) {
    const x = randomInt(1, 255);
    try {
      await ip("route", "add", "unreachable", `198.18.${x}.0/24`);
      return x;
    } catch (error) {
      if (!String((error as Error).message).includes("File exists")) throw error;
    }
  }
  throw new Error("no free 198.18.X.0/24 for a network lab");
}

async function ip(...args: string[]): Promise<void> {
  try {
    await execFileAsync("ip", args, { timeout: 10_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`ip ${args.join(" ")} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

// Anything else still living in the namespace (e.g. children that left their process group)
// would keep it alive after `ip netns del`; it is ours, so kill it.
function killStragglers(ns: string): void {
  const out = spawnSync("ip", ["netns", "pids", ns], { encoding: "utf8", timeout: 5_000 }).stdout ?? "";
  for (const pid of out.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

// Synchronous so it also works from the process 'exit' hook. Errors are ignored: each step may
// already be done (second destroy, partial setup). Deleting the host veth removes its peer too.
function cleanupSync(namespaces: string[], hostVeth: string, subnet: string): void {
  const run = (...args: string[]) => spawnSync("ip", args, { stdio: "ignore", timeout: 5_000 });
  run("link", "del", hostVeth);
  for (const ns of namespaces) run("netns", "del", ns);
  run("route", "del", "unreachable", subnet);
}
