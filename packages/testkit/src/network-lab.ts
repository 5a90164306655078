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
// With jump hosts the chain grows at the front, one /30 link per hop, each namespace knowing only
// its own links: default ⇄ jump1 (.1/.2) ⇄ jump2 ⇄ bastion ⇄ private. The bastion is then reached
// only from the last jump host, the first jump host is the only lab address the default ns reaches.
//
// Safety: 198.18.0.0/15 is the RFC 2544 benchmarking range. Every namespace, including the
// default one, gets an `unreachable 198.18.X.0/24` route, so a packet for the lab can never follow
// a default route off the machine. No namespace gets a default route; nothing enables forwarding.

const execFileAsync = promisify(execFile);

/** At most this many jump hosts in front of the bastion (SPEC §10 allows 4; the tests need 1–2). */
const MAX_LAB_JUMP_HOSTS = 2;

export interface NetworkLabOptions {
  /** Jump hosts between the default namespace and the bastion; default 0. */
  jumpHosts?: number;
}

export interface NetworkLab {
  /**
   * Bastion's address on the link from the hop before it: the default ns without jump hosts, else
   * the last jump host, which is then the only namespace that reaches it.
   */
  bastionAddress: string;
  /** Private namespace's address; reachable only from the bastion namespace. */
  privateAddress: string;
  bastionNs: string;
  privateNs: string;
  /** Jump hosts' namespaces in chain order (the first is the one the default ns reaches). */
  jumpNs: string[];
  /** Each jump host's address on the link from the hop before it; the default ns reaches only [0]. */
  jumpAddresses: string[];
  /** The /24 reserved for this lab (unreachable everywhere except its /30 links). */
  subnet: string;
  /**
   * Sets the bastion's side of the link from the hop before it down (a partition: packets are
   * dropped, no error reaches either end) or up again.
   */
  setBastionLink(state: "up" | "down"): Promise<void>;
  /** The same for the jump host at `index` (0 = the first). */
  setJumpLink(index: number, state: "up" | "down"): Promise<void>;
  /** Stops processes in the lab, deletes every namespace and the host route. Safe to call twice. */
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

// One namespace of the chain; `tag` names its veth ends ("<prefix>-<own tag><peer tag>").
export interface LabNode {
  ns: string | undefined;
  tag: string;
}

/** Creates the default ⇄ [jump…] ⇄ bastion ⇄ private chain described at the top of this file. */
export async function createNetworkLab(options: NetworkLabOptions = {}): Promise<NetworkLab> {
  const jumpHosts = options.jumpHosts ?? 0;
  if (!Number.isInteger(jumpHosts) || jumpHosts < 0 || jumpHosts > MAX_LAB_JUMP_HOSTS) {
    throw new RangeError(`jumpHosts must be an integer from 0 to ${MAX_LAB_JUMP_HOSTS}, got ${jumpHosts}`);
  }
  const prefix = `cn${randomBytes(3).toString("hex")}`; // 8 chars, so "<prefix>-xxxx" fits IFNAMSIZ (15)
  const jumps: LabNode[] = Array.from({ length: jumpHosts }, (_, i) => ({ ns: `${prefix}-jump${i + 1}`, tag: `j${i + 1}` }));
  const bastion: LabNode = { ns: `${prefix}-bastion`, tag: "b" };
  const chain: LabNode[] = [{ ns: undefined, tag: "h" }, ...jumps, bastion, { ns: `${prefix}-private`, tag: "p" }];
  const namespaces = chain.slice(1).map((node) => node.ns!);
  const hostVeth = veth(prefix, chain[0]!, chain[1]!);
  const x = await claimSubnet();
  const subnet = `198.18.${x}.0/24`;
  // Node k (k ≥ 1) is .4(k-1)+2 on the /30 link from node k-1, whose end is .4(k-1)+1.
  const address = (k: number) => `198.18.${x}.${4 * (k - 1) + 2}`;
  const destroy = labTeardown(prefix, namespaces, hostVeth, subnet);

  try {
    for (const ns of namespaces) {
      await ip("netns", "add", ns);
      await ip("-n", ns, "link", "set", "lo", "up");
      await ip("-n", ns, "route", "add", "unreachable", subnet);
    }
    // Forwarding is off in a fresh namespace already; set it explicitly on every hop so the
    // topology's central claim (each namespace reaches only its neighbours) doesn't rest on a
    // kernel default.
    for (const hop of [...jumps, bastion]) await ip("netns", "exec", hop.ns!, "sysctl", "-qw", "net.ipv4.ip_forward=0");
    for (let k = 1; k < chain.length; k++) await addLink(prefix, chain[k - 1]!, chain[k]!, `198.18.${x}.${4 * (k - 1) + 1}`, address(k));
  } catch (error) {
    await destroy();
    throw error;
  }

  // A hop's side of the link from the node before it.
  const setLink = (k: number, state: "up" | "down") =>
    ip("-n", chain[k]!.ns!, "link", "set", veth(prefix, chain[k]!, chain[k - 1]!), state);
  return {
    bastionAddress: address(jumpHosts + 1),
    privateAddress: address(jumpHosts + 2),
    bastionNs: bastion.ns!,
    privateNs: chain.at(-1)!.ns!,
    jumpNs: jumps.map((node) => node.ns!),
    jumpAddresses: jumps.map((_, i) => address(i + 1)),
    subnet,
    setBastionLink: (state) => setLink(jumpHosts + 1, state),
    setJumpLink: (index, state) => {
      if (!jumps[index]) return Promise.reject(new RangeError(`no jump host ${index} in a lab with ${jumpHosts}`));
      return setLink(index + 1, state);
    },
    destroy,
  };
}

/**
 * Registers a lab for the exit hook and returns its destroy(): stops the processes runInNamespace
 * started in its namespaces, then deletes the namespaces, the host veth and the guard route. Safe
 * to call twice.
 */
export function labTeardown(prefix: string, namespaces: string[], hostVeth: string, subnet: string): () => Promise<void> {
  liveLabs.set(prefix, { namespaces, hostVeth, subnet });
  let destroyed: Promise<void> | undefined;
  return () =>
    (destroyed ??= (async () => {
      const procs = namespaces.flatMap((ns) => [...(processesByNs.get(ns) ?? [])]);
      await Promise.all(procs.map((p) => p.stop()));
      for (const ns of namespaces) {
        processesByNs.delete(ns);
        killStragglers(ns);
      }
      cleanupSync(namespaces, hostVeth, subnet);
      liveLabs.delete(prefix);
    })());
}

export function veth(prefix: string, own: LabNode, peer: LabNode): string {
  return `${prefix}-${own.tag}${peer.tag}`;
}

// A veth pair between two neighbours of the chain, `nearAddress`/30 on `near`'s end.
export async function addLink(prefix: string, near: LabNode, far: LabNode, nearAddress: string, farAddress: string): Promise<void> {
  const inNear = (...args: string[]) => (near.ns ? ip("-n", near.ns, ...args) : ip(...args));
  const inFar = (...args: string[]) => ip("-n", far.ns!, ...args);
  const nearEnd = veth(prefix, near, far);
  const farEnd = veth(prefix, far, near);
  await inNear("link", "add", nearEnd, "type", "veth", "peer", "name", farEnd, "netns", far.ns!);
  await inNear("addr", "add", `${nearAddress}/30`, "dev", nearEnd);
  await inNear("link", "set", nearEnd, "up");
  await inFar("addr", "add", `${farAddress}/30`, "dev", farEnd);
  await inFar("link", "set", farEnd, "up");
}

// Picks a random 198.18.X.0/24 and claims it by adding its unreachable route in the default
// namespace first: `ip route add` fails with "File exists" if another lab holds X, so parallel
// labs (other vitest workers) can't collide, and the guard route exists before any link does.
export async function claimSubnet(): Promise<number> {
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

export async function ip(...args: string[]): Promise<void> {
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
