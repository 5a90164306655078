// Experiment for issue #13 (bulk): does moving the SSH connection to a worker thread, or picking
// another cipher, bring bulk reads through the tunnel closer to direct? Every path is measured in
// this one process run, tries interleaved so a busy moment lands on all paths alike; medians.
// Run: pnpm --filter @connections/bench run experiment:bulk-worker
import { mkdirSync, writeFileSync } from "node:fs";
import type { DatabaseSession } from "@connections/drivers";
import {
  DEFAULT_TIMEOUTS,
  directTransport,
  parsePrivateKey,
  TunnelConnection,
  TunnelPool,
  tunnelTransport,
  type Transport,
} from "@connections/tunnel";
import { CIPHERS, openBenchSsh, type Cipher } from "./bulk-worker-experiment/bench-ssh.ts";
import { mainThreadCpuMs } from "./bulk-worker-experiment/main-thread-cpu.ts";
import { relayOnce, startBlaster } from "./bulk-worker-experiment/raw-relay.ts";
import { WorkerTunnel } from "./bulk-worker-experiment/worker-tunnel.ts";
import { connectSession } from "./driver-measures.ts";
import { benchEnv } from "./env.ts";
import { startEnvironment } from "./environment.ts";
import { BENCH_POLICY } from "./paths.ts";
import { median } from "./percentiles.ts";
import { cpuDuring } from "./process-cpu.ts";
import { BULK_ROW_BYTES, WORKLOADS } from "./workloads.ts";

const quick = benchEnv().BENCH_QUICK;
const ROWS = quick ? 5_000 : 50_000;
const TRIES = quick ? 2 : 7;
const DRIVERS = new Set(["pg", "mysql2", "clickhouse"]);
const RELAY_MIB = quick ? 20 : 200;
const WORKER_CIPHERS: Cipher[] = ["aes128-gcm@openssh.com", "chacha20-poly1305@openssh.com"];

const short = (cipher: string) => cipher.replace(/@openssh\.com$/, "");
const env = await startEnvironment();
const pool = new TunnelPool({ policy: BENCH_POLICY });
const target = (cipher: Cipher) => ({
  host: env.sshd.host,
  port: env.sshd.port,
  user: env.sshd.user,
  privateKey: env.key.privateKey,
  cipher,
});
const closers: Array<() => unknown> = [];
const driverRows: Array<Record<string, string | number>> = [];
const relayRows: Array<Record<string, string | number>> = [];

/** The tunnels measured, each one SSH connection shared by all drivers: the engine as the bench uses it, main thread per cipher, worker per cipher. */
async function openTunnels(): Promise<Map<string, Transport>> {
  const tunnels = new Map<string, Transport>();
  const endpoint = {
    host: env.sshd.host,
    port: env.sshd.port,
    user: env.sshd.user,
    key: await parsePrivateKey(env.key.privateKey),
    pinnedHostKey: undefined,
  };
  tunnels.set("ours (engine)", tunnelTransport(await pool.acquire([endpoint], DEFAULT_TIMEOUTS), DEFAULT_TIMEOUTS.forward));
  for (const cipher of CIPHERS) {
    const ssh = await openBenchSsh(target(cipher));
    const connection = new TunnelConnection(ssh, { maxChannels: 64, idleMs: 3_600_000, onGone: () => {}, policy: BENCH_POLICY });
    closers.push(() => connection.close());
    tunnels.set(`main ${short(ssh.negotiated)}`, tunnelTransport(connection, DEFAULT_TIMEOUTS.forward));
  }
  for (const cipher of WORKER_CIPHERS) {
    const tunnel = await WorkerTunnel.open(target(cipher));
    closers.push(() => tunnel.close());
    tunnels.set(`worker ${short(tunnel.negotiated)}`, tunnel.transport());
  }
  return tunnels;
}

/** Runs `measure` on every path `tries` times after one uncounted warm-up round, each round starting at another path. */
async function interleaved<T>(
  names: string[],
  tries: number,
  measure: (name: string) => Promise<T>,
  label: string,
): Promise<Map<string, T[]>> {
  const samples = new Map(names.map((name) => [name, [] as T[]]));
  for (let t = -1; t < tries; t++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + Math.max(t, 0)) % names.length]!;
      const sample = await measure(name);
      if (t >= 0) samples.get(name)!.push(sample);
    }
    process.stderr.write(`${label} try ${t + 1}/${tries}\n`);
  }
  return samples;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

try {
  const tunnels = await openTunnels();
  const mb = (ROWS * BULK_ROW_BYTES) / 1e6;
  for (const workload of WORKLOADS.filter((w) => DRIVERS.has(w.driver))) {
    const config = env.configs[workload.driver];
    const sessions = new Map<string, DatabaseSession>();
    sessions.set("direct", await connectSession(workload, { transport: directTransport(BENCH_POLICY), config, close: async () => {} }));
    for (const [name, transport] of tunnels)
      sessions.set(name, await connectSession(workload, { transport, config, close: async () => {} }));
    const samples = await interleaved(
      [...sessions.keys()],
      TRIES,
      async (name) => {
        const mainBefore = mainThreadCpuMs();
        let ms = 0;
        const { cpu } = await cpuDuring({ sshd: env.sshd.pid, database: env.pids[workload.driver] }, async () => {
          const started = performance.now();
          const result = await sessions
            .get(name)!
            .query(workload.bulk(ROWS), [], { maxRows: ROWS, maxBytes: 2 * ROWS * BULK_ROW_BYTES, timeoutMs: 120_000 });
          ms = performance.now() - started;
          if (result.row_count !== ROWS) throw new Error(`${workload.driver} over ${name}: ${result.row_count} rows, expected ${ROWS}`);
        });
        return { mbPerS: Math.round((mb / (ms / 1000)) * 10) / 10, cpu, mainMs: mainThreadCpuMs() - mainBefore };
      },
      workload.driver,
    );
    for (const session of sessions.values()) await session.close();
    const direct = median(samples.get("direct")!.map((s) => s.mbPerS));
    const perMb = (ms: number[]) => round2(ms.reduce((a, b) => a + b, 0) / (mb * TRIES));
    for (const [name, s] of samples) {
      const mbPerS = s.map((x) => x.mbPerS);
      driverRows.push({
        driver: workload.driver,
        path: name,
        median_mb_s: median(mbPerS),
        vs_direct: round2(median(mbPerS) / direct),
        tries_mb_s: mbPerS.join(" "),
        process_cpu_ms_per_mb: perMb(s.map((x) => x.cpu.client_ms)),
        main_thread_cpu_ms_per_mb: perMb(s.map((x) => x.mainMs)),
        sshd_ms_per_mb: perMb(s.map((x) => x.cpu.sshd_ms)),
        db_ms_per_mb: perMb(s.map((x) => x.cpu.database_ms)),
        // On 2 shared cores, what all three processes spend per MB bounds the rate as much as the main thread does.
        total_cpu_ms_per_mb: perMb(s.map((x) => x.cpu.client_ms + x.cpu.sshd_ms + x.cpu.database_ms)),
      });
    }
  }

  const blaster = await startBlaster(RELAY_MIB);
  closers.push(() => blaster.server.close());
  const relay = await interleaved([...tunnels.keys()], TRIES, (name) => relayOnce(tunnels.get(name)!, blaster.port), "relay");
  for (const [name, s] of relay) {
    relayRows.push({
      path: name,
      median_mb_s: median(s.map((x) => x.mbPerS)),
      tries_mb_s: s.map((x) => x.mbPerS).join(" "),
      process_cpu_ms_per_mb: median(s.map((x) => x.processCpuMsPerMb)),
      main_thread_cpu_ms_per_mb: median(s.map((x) => x.mainThreadCpuMsPerMb)),
    });
  }

  console.log(`\nBulk reads, ${ROWS} rows of ${BULK_ROW_BYTES} bytes, ${TRIES} interleaved tries per path (after one warm-up round)`);
  console.table(driverRows);
  console.log(`\nThe tunnel alone: ${RELAY_MIB} MiB read through one channel, no driver (medians of ${TRIES})`);
  console.table(relayRows);
  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  const file = new URL(`../results/experiment-bulk-worker-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ rows: ROWS, tries: TRIES, relayMib: RELAY_MIB, drivers: driverRows, relay: relayRows }, null, 2));
  console.log(`wrote ${file.pathname}`);
} finally {
  for (const close of closers) await close();
  pool.closeAll();
  await env.stop();
}
