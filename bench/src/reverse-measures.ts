// Reverse tunnels against forward ones, to the same PostgreSQL on loopback: warm query p50/p99 on a
// kept session, a new session over the open SSH connection (channel, login, first query) and its
// close, and bulk MB/s with the CPU it takes here and at the SSH peer (sshd, or the OpenSSH agent). Each
// row gives both figures and reverse / forward.
import type { DatabaseSession } from "@connections/drivers";
import { TunnelPool } from "@connections/tunnel";
import { bulkThroughput, connectSession, QUERY, warmLatency, type LatencySettings } from "./driver-measures.ts";
import type { BenchEnvironment } from "./environment.ts";
import { BENCH_POLICY, type OpenPath } from "./paths.ts";
import { median } from "./percentiles.ts";
import { openReversePath, REVERSE_PATHS, startAgentBench, type ReversePath } from "./reverse-paths.ts";
import { WORKLOADS } from "./workloads.ts";

export interface ReverseSettings {
  latency: LatencySettings;
  newSessionTries: number;
  /** Rows of 1,000 bytes in the bulk result. */
  bulkRows: number;
  bulkTries: number;
}

export const reverseSettings = (quick: boolean): ReverseSettings => ({
  latency: quick ? { rounds: 2, perRound: 100, warmup: 50 } : { rounds: 6, perRound: 150, warmup: 200 },
  newSessionTries: quick ? 5 : 20,
  bulkRows: quick ? 5_000 : 30_000,
  bulkTries: quick ? 2 : 5,
});

export const reverseTitle = (settings: ReverseSettings) =>
  `Reverse tunnels (PostgreSQL on loopback; forward: our tunnel through sshd, reverse: the agent endpoint with an OpenSSH agent, ssh -N -R; bulk: ${settings.bulkRows} rows of 1,000 bytes; CPU: this process, and sshd or the agent)`;

/** One path's figures. */
export interface PathFigures {
  warmP50Ms: number;
  warmP99Ms: number;
  newSessionMs: number;
  /** The session's close: its Terminate, and the channel closed from the far end. */
  closeMs: number;
  bulkMbPerS: number;
  /** CPU ms per MB of bulk result in this process (driver, and our SSH client or server). */
  bulkProcessMsPerMb: number;
  /** CPU ms per MB at the other SSH end: sshd forward, the OpenSSH agent reverse. */
  bulkPeerMsPerMb: number;
}

export interface ReverseRow {
  measure: string;
  forward: number;
  reverse: number;
  /** Null when the forward figure is 0 (too little CPU to count). */
  reverse_over_forward: number | null;
}

/** `value / baseline` to 0.01; null without a baseline to divide by. */
export const ratio = (value: number, baseline: number): number | null => (baseline > 0 ? Math.round((value / baseline) * 100) / 100 : null);

/** The table: one row per measure, forward and reverse side by side. */
export function reverseRows(forward: PathFigures, reverse: PathFigures): ReverseRow[] {
  const measures: Array<[string, keyof PathFigures]> = [
    ["warm query p50, ms", "warmP50Ms"],
    ["warm query p99, ms", "warmP99Ms"],
    ["new session (channel, login, first query), ms", "newSessionMs"],
    ["session close, ms", "closeMs"],
    ["bulk, MB/s", "bulkMbPerS"],
    ["bulk CPU, this process, ms per MB", "bulkProcessMsPerMb"],
    ["bulk CPU, sshd or agent, ms per MB", "bulkPeerMsPerMb"],
  ];
  return measures.map(([measure, key]) => ({
    measure,
    forward: forward[key],
    reverse: reverse[key],
    reverse_over_forward: ratio(reverse[key], forward[key]),
  }));
}

const PG = WORKLOADS.find((w) => w.driver === "pg")!;

/** ms to open a session and run the first query over the open path, and ms to close it. */
async function newSession(path: OpenPath): Promise<{ open: number; close: number }> {
  const started = performance.now();
  const session = await connectSession(PG, path);
  try {
    await session.query(PG.simple, [], QUERY);
  } catch (error) {
    await session.close();
    throw error;
  }
  const opened = performance.now();
  await session.close();
  return { open: opened - started, close: performance.now() - opened };
}

/**
 * Every measure alternates between the paths (rounds, tries), so a busy moment on the machine
 * lands on both alike. Bulk keeps each path's best try; its CPU is the mean over the tries.
 */
async function measurePaths(env: BenchEnvironment, paths: Map<ReversePath, OpenPath>, settings: ReverseSettings) {
  const sessions = new Map<ReversePath, DatabaseSession>();
  try {
    for (const [name, path] of paths) sessions.set(name, await connectSession(PG, path));
    const latency = await warmLatency(PG, sessions, settings.latency);
    process.stderr.write("latency ");
    const newSessions = new Map(REVERSE_PATHS.map((name) => [name, { open: [] as number[], close: [] as number[] }]));
    for (let t = 0; t < settings.newSessionTries; t++) {
      for (const [name, path] of paths) {
        const { open, close } = await newSession(path);
        newSessions.get(name)!.open.push(open);
        newSessions.get(name)!.close.push(close);
      }
    }
    process.stderr.write("new session ");
    const bulk = new Map(REVERSE_PATHS.map((name) => [name, { mbPerS: 0, processMs: 0, peerMs: 0 }]));
    for (let t = 0; t < settings.bulkTries; t++) {
      for (const [name, path] of paths) {
        const { mbPerS, cpuPerMb } = await bulkThroughput(PG, env, path, settings.bulkRows, 1);
        const into = bulk.get(name)!;
        into.mbPerS = Math.max(into.mbPerS, mbPerS);
        into.processMs += cpuPerMb.client_ms / settings.bulkTries;
        into.peerMs += (name === "forward" ? cpuPerMb.sshd_ms : cpuPerMb.ssh_client_ms) / settings.bulkTries;
      }
    }
    process.stderr.write("bulk\n");
    const figures = (name: ReversePath): PathFigures => ({
      warmP50Ms: latency.get(name)!.simple.p50,
      warmP99Ms: latency.get(name)!.simple.p99,
      newSessionMs: median(newSessions.get(name)!.open),
      closeMs: median(newSessions.get(name)!.close),
      bulkMbPerS: bulk.get(name)!.mbPerS,
      bulkProcessMsPerMb: Math.round(bulk.get(name)!.processMs * 100) / 100,
      bulkPeerMsPerMb: Math.round(bulk.get(name)!.peerMs * 100) / 100,
    });
    return reverseRows(figures("forward"), figures("reverse"));
  } finally {
    for (const session of sessions.values()) await session.close();
  }
}

/** The reverse-tunnel table: an agent endpoint and agent beside the bench's sshd, both to its PostgreSQL. */
export async function measureReverseTunnels(env: BenchEnvironment, settings: ReverseSettings): Promise<ReverseRow[]> {
  process.stderr.write("reverse tunnels pg: ");
  const agents = await startAgentBench(env.configs.pg);
  const pool = new TunnelPool({ policy: BENCH_POLICY });
  const paths = new Map<ReversePath, OpenPath>();
  try {
    for (const name of REVERSE_PATHS) paths.set(name, await openReversePath(name, env, agents, pool));
    return await measurePaths(env, paths, settings);
  } finally {
    for (const path of paths.values()) await path.close();
    pool.closeAll();
    await agents.stop();
  }
}
