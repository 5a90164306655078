// Memory each idle session pool costs: pools for 50 connections, each keeping one idle session
// (logged in, reset, waiting), per driver, through our tunnel.
import { SessionPool } from "@connections/api";
import { TunnelPool } from "@connections/tunnel";
import { connectSession } from "./driver-measures.ts";
import type { BenchEnvironment } from "./environment.ts";
import { settledMemory } from "./idle-tunnel-memory.ts";
import { BENCH_POLICY, openPath } from "./paths.ts";
import { WORKLOADS } from "./workloads.ts";

const POOLS = 50;
// Opened first and not counted, as for idle tunnels: first allocations grow arenas a GC later shrinks.
const WARM_POOLS = 10;

export interface IdleSessionRow {
  driver: string;
  pools: number;
  rss_kib_per_pool: number;
  js_kib_per_pool: number;
}

export async function measureIdleSessionMemory(env: BenchEnvironment): Promise<IdleSessionRow[]> {
  const rows: IdleSessionRow[] = [];
  const tunnels = new TunnelPool({ policy: BENCH_POLICY });
  try {
    for (const workload of WORKLOADS) {
      const path = await openPath("ours", env, env.configs[workload.driver], tunnels);
      const sessions = new SessionPool({ maxPerKey: 4, idleMs: 10 * 60_000, maxTotal: 1_000, resetTimeoutMs: 5_000 });
      const open = async () => ({ session: await connectSession(workload, path), pathAlive: () => true });
      const keep = async (key: string) => {
        const lease = await sessions.lease(key, "v1", open, 20_000);
        await lease.session.query(workload.simple, [], { maxRows: 10, timeoutMs: 20_000 });
        lease.release();
      };
      try {
        for (let i = 0; i < WARM_POOLS; i++) await keep(`warm-${i}`);
        const before = await settledMemory();
        for (let i = 0; i < POOLS; i++) await keep(`pool-${i}`);
        const after = await settledMemory();
        if (sessions.stats().idle !== WARM_POOLS + POOLS)
          throw new Error(`expected ${WARM_POOLS + POOLS} idle sessions, got ${JSON.stringify(sessions.stats())}`);
        const perPool = (bytes: number) => Math.round(bytes / POOLS / 1024);
        rows.push({
          driver: workload.driver,
          pools: POOLS,
          rss_kib_per_pool: perPool(after.rss - before.rss),
          js_kib_per_pool: perPool(after.js - before.js),
        });
      } finally {
        sessions.closeAll();
        await path.close();
      }
    }
  } finally {
    tunnels.closeAll();
  }
  return rows;
}
