// Per driver and path: warm latency, bulk throughput, a new path plus first query, a new database
// session over a warm path, and throughput with 64 concurrent sessions.
import { CONNECTION_TYPES } from "@connections/core";
import { driverFor, type DatabaseSession } from "@connections/drivers";
import type { BenchEnvironment } from "./environment.ts";
import { openPath, type OpenPath, type PathName } from "./paths.ts";
import { median, percentiles } from "./percentiles.ts";
import { cpuDuring, type CpuShare } from "./process-cpu.ts";
import { BULK_ROW_BYTES, type Workload } from "./workloads.ts";

/** The processes whose CPU a measurement on this path is split between. */
const pidsFor = (env: BenchEnvironment, workload: Workload, path: OpenPath) => ({
  sshd: env.sshd.pid,
  database: env.pids[workload.driver],
  sshClient: path.pid,
});

const perUnit = (cpu: CpuShare, units: number): CpuShare => {
  const each = (ms: number) => Math.round((ms / units) * 100) / 100;
  return {
    client_ms: each(cpu.client_ms),
    sshd_ms: each(cpu.sshd_ms),
    ssh_client_ms: each(cpu.ssh_client_ms),
    database_ms: each(cpu.database_ms),
  };
};

export const QUERY = { maxRows: 1000, timeoutMs: 60_000 };

export interface LatencySettings {
  rounds: number;
  perRound: number;
  warmup: number;
}

export async function connectSession(workload: Workload, path: OpenPath): Promise<DatabaseSession> {
  const config = CONNECTION_TYPES[workload.type].config.parse(path.config);
  return driverFor(workload.type).connect(config as never, {
    transport: path.transport,
    connectTimeoutMs: 20_000,
    statementTimeoutMs: QUERY.timeoutMs,
  });
}

/**
 * Warm p50/p99 of the simple and the parameterised query on every path. Rounds alternate between
 * the paths, so a busy moment on the machine lands on all of them alike.
 */
export async function warmLatency<N extends string>(workload: Workload, sessions: Map<N, DatabaseSession>, settings: LatencySettings) {
  const samples = new Map<N, { simple: number[]; parameterised: number[] }>();
  for (const [name, session] of sessions) {
    samples.set(name, { simple: [], parameterised: [] });
    for (let i = 0; i < settings.warmup; i++) await session.query(workload.parameterised.sql, workload.parameterised.params(i), QUERY);
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const [name, session] of sessions) {
      const into = samples.get(name)!;
      for (let i = 0; i < settings.perRound; i++) {
        let started = performance.now();
        await session.query(workload.simple, [], QUERY);
        into.simple.push(performance.now() - started);
        started = performance.now();
        await session.query(workload.parameterised.sql, workload.parameterised.params(i), QUERY);
        into.parameterised.push(performance.now() - started);
      }
    }
  }
  return new Map([...samples].map(([name, s]) => [name, { simple: percentiles(s.simple), parameterised: percentiles(s.parameterised) }]));
}

/**
 * MB/s reading `rows` rows of 1,000 bytes, the best of `tries` as bulk transfers are sensitive to
 * stray load; and CPU ms per MB by process over all tries.
 */
export async function bulkThroughput(
  workload: Workload,
  env: BenchEnvironment,
  path: OpenPath,
  rows: number,
  tries: number,
): Promise<{ mbPerS: number; cpuPerMb: CpuShare }> {
  const session = await connectSession(workload, path);
  let best = Infinity;
  const { cpu } = await cpuDuring(pidsFor(env, workload, path), async () => {
    for (let t = 0; t < tries; t++) {
      const started = performance.now();
      // The whole result is read: the default max_bytes (10 MiB) would stop a 50 MB one early.
      const result = await session.query(workload.bulk(rows), [], {
        maxRows: rows,
        maxBytes: 2 * rows * BULK_ROW_BYTES,
        timeoutMs: 120_000,
      });
      if (result.row_count !== rows) throw new Error(`${workload.driver} bulk returned ${result.row_count} rows, expected ${rows}`);
      best = Math.min(best, performance.now() - started);
    }
  });
  await session.close();
  const mb = (rows * BULK_ROW_BYTES) / 1e6;
  return { mbPerS: Math.round((mb / (best / 1000)) * 10) / 10, cpuPerMb: perUnit(cpu, mb * tries) };
}

/** Median ms to open a path, log in, run the simple query and close it all. */
export async function coldStart(workload: Workload, env: BenchEnvironment, name: PathName, tries: number): Promise<number> {
  const times: number[] = [];
  for (let t = 0; t < tries; t++) {
    const started = performance.now();
    const path = await openPath(name, env, env.configs[workload.driver]);
    const session = await connectSession(workload, path);
    await session.query(workload.simple, [], QUERY);
    times.push(performance.now() - started);
    await session.close();
    await path.close();
  }
  return median(times);
}

/** p50 ms of log-in + simple query + close, over an already open path. */
export async function newSessionOverWarmPath(workload: Workload, path: OpenPath, tries: number): Promise<number> {
  const times: number[] = [];
  for (let t = 0; t < tries; t++) {
    const started = performance.now();
    const session = await connectSession(workload, path);
    await session.query(workload.simple, [], QUERY);
    await session.close();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Parameterised queries per second from `clients` sessions running at once for `ms`, and CPU ms per 1,000 queries by process. */
export async function concurrentThroughput(
  workload: Workload,
  env: BenchEnvironment,
  path: OpenPath,
  clients: number,
  ms: number,
): Promise<{ qps: number; cpuPer1000: CpuShare }> {
  const sessions = await Promise.all(Array.from({ length: clients }, () => connectSession(workload, path)));
  try {
    let done = 0;
    const deadline = performance.now() + ms;
    const started = performance.now();
    const { cpu } = await cpuDuring(pidsFor(env, workload, path), () =>
      Promise.all(
        sessions.map(async (session, c) => {
          for (let i = 0; performance.now() < deadline; i++) {
            await session.query(workload.parameterised.sql, workload.parameterised.params(c * 100_000 + i), QUERY);
            done++;
          }
        }),
      ),
    );
    return { qps: Math.round(done / ((performance.now() - started) / 1000)), cpuPer1000: perUnit(cpu, done / 1000) };
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}
