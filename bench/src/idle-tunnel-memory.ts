// Resident memory each idle pooled tunnel costs: 100 SSH connections, one per key, held open.
import { DEFAULT_TIMEOUTS, generateKeyPair, TunnelPool, type UsableKey } from "@connections/tunnel";
import type { BenchEnvironment } from "./environment.ts";

export const IDLE_TUNNELS = 100;

/** Keys for the idle tunnels; their public halves go into the bench sshd's authorized_keys. */
export function idleTunnelKeys(): Promise<UsableKey[]> {
  return Promise.all(Array.from({ length: IDLE_TUNNELS }, (_, i) => generateKeyPair(`bench-idle-${i}`)));
}

function settledMemory(): { rss: number; heap: number } {
  // The bench runs with --expose-gc so what is measured is what stays, not garbage.
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed + usage.external + usage.arrayBuffers };
}

export async function measureIdleTunnelMemory(env: BenchEnvironment, keys: UsableKey[]) {
  const pool = new TunnelPool({ maxChannelsPerConnection: 64, idleMs: 10 * 60_000 });
  try {
    // Warm the code paths with one tunnel that is not counted.
    const warm = new TunnelPool();
    await warm.acquire({ host: env.sshd.host, port: env.sshd.port, user: env.sshd.user, key: keys[0]!, pinnedHostKey: undefined }, DEFAULT_TIMEOUTS);
    warm.closeAll();
    const before = settledMemory();
    for (const key of keys) await pool.acquire({ host: env.sshd.host, port: env.sshd.port, user: env.sshd.user, key, pinnedHostKey: undefined }, DEFAULT_TIMEOUTS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = settledMemory();
    const perTunnel = (bytes: number) => Math.round(bytes / keys.length / 1024);
    return { tunnels: keys.length, rss_kib_per_tunnel: perTunnel(after.rss - before.rss), js_kib_per_tunnel: perTunnel(after.heap - before.heap), sshd_connections: env.sshd.connectionCount() };
  } finally {
    pool.closeAll();
  }
}
