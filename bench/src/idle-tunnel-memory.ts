// Resident memory each idle pooled tunnel costs: 100 SSH connections, one per key, held open.
import { DEFAULT_TIMEOUTS, generateKeyPair, TunnelPool, type UsableKey } from "@connections/tunnel";
import type { BenchEnvironment } from "./environment.ts";
import { BENCH_POLICY } from "./paths.ts";

export const IDLE_TUNNELS = 100;
// Opened first and not counted: the first connections grow the heap and allocator arenas, and a
// later GC hands some of that back, which would make the counted ones look free (or negative).
const WARM_TUNNELS = 20;

/** Keys for the idle tunnels; their public halves go into the bench sshd's authorized_keys. */
export function idleTunnelKeys(): Promise<UsableKey[]> {
  return Promise.all(Array.from({ length: WARM_TUNNELS + IDLE_TUNNELS }, (_, i) => generateKeyPair(`bench-idle-${i}`)));
}

export async function settledMemory(): Promise<{ rss: number; js: number }> {
  // The bench runs with --expose-gc so what is measured is what stays, not garbage.
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const usage = process.memoryUsage();
  return { rss: usage.rss, js: usage.heapUsed + usage.external + usage.arrayBuffers };
}

export async function measureIdleTunnelMemory(env: BenchEnvironment, keys: UsableKey[]) {
  const pool = new TunnelPool({ maxChannelsPerConnection: 64, idleMs: 10 * 60_000, policy: BENCH_POLICY });
  const acquire = (key: UsableKey) =>
    pool.acquire([{ host: env.sshd.host, port: env.sshd.port, user: env.sshd.user, key, pinnedHostKey: undefined }], DEFAULT_TIMEOUTS);
  try {
    for (const key of keys.slice(0, WARM_TUNNELS)) await acquire(key);
    const before = await settledMemory();
    const counted = keys.slice(WARM_TUNNELS);
    for (const key of counted) await acquire(key);
    const after = await settledMemory();
    const perTunnel = (bytes: number) => Math.round(bytes / counted.length / 1024);
    return {
      tunnels: counted.length,
      rss_kib_per_tunnel: perTunnel(after.rss - before.rss),
      js_kib_per_tunnel: perTunnel(after.js - before.js),
      sshd_connections: env.sshd.connectionCount(),
    };
  } finally {
    pool.closeAll();
  }
}
