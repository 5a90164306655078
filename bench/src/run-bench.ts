// `npm run bench`: every measurement in one process run, on loopback. Prints the tables and the
// targets as ratios within this run, and writes everything to bench/results/.
import { mkdirSync, writeFileSync } from "node:fs";
import type { DatabaseSession } from "@connections/drivers";
import { TunnelPool } from "@connections/tunnel";
import { measureApiLoad } from "./api-load.ts";
import { bulkThroughput, coldStart, concurrentThroughput, connectSession, newSessionOverWarmPath, warmLatency } from "./driver-measures.ts";
import { benchEnv } from "./env.ts";
import { startEnvironment } from "./environment.ts";
import { measureIdleSessionMemory } from "./idle-session-memory.ts";
import { idleTunnelKeys, measureIdleTunnelMemory } from "./idle-tunnel-memory.ts";
import { jumpSettings, jumpTitle, measureJumpHosts } from "./jump-measures.ts";
import { BENCH_POLICY, openPath, PATH_NAMES, type OpenPath, type PathName } from "./paths.ts";
import type { CpuShare } from "./process-cpu.ts";
import { measureRestQueries, restQuerySettings } from "./rest-query.ts";
import { measureReverseTunnels, reverseSettings, reverseTitle } from "./reverse-measures.ts";
import { checkTargets, idleSessionTargets, restQueryTargets, type DriverRow } from "./targets.ts";
import { measureWan, wanSettings, wanTitle } from "./wan-measures.ts";
import { WORKLOADS } from "./workloads.ts";

const quick = benchEnv().BENCH_QUICK;
const SETTINGS = {
  latency: quick ? { rounds: 2, perRound: 100, warmup: 50 } : { rounds: 10, perRound: 150, warmup: 200 },
  bulkRows: quick ? 5_000 : 50_000,
  bulkTries: 3,
  coldTries: quick ? 2 : 5,
  warmSessionTries: quick ? 5 : 20,
  clients: 64,
  concurrentMs: quick ? 1_000 : 3_000,
  apiClients: 32,
  apiRequestsPerClient: quick ? 20 : 100,
};

const started = performance.now();
const keys = await idleTunnelKeys();
const env = await startEnvironment(keys.map((k) => k.publicKey));
const pool = new TunnelPool({ policy: BENCH_POLICY });
const rows: DriverRow[] = [];
const cpuRows: Array<{ driver: string; path: PathName; measure: string } & CpuShare> = [];
try {
  for (const workload of WORKLOADS) {
    process.stderr.write(`${workload.driver}: `);
    const paths = new Map<PathName, OpenPath>();
    const sessions = new Map<PathName, DatabaseSession>();
    try {
      for (const name of PATH_NAMES) {
        const path = await openPath(name, env, env.configs[workload.driver], pool);
        paths.set(name, path);
        sessions.set(name, await connectSession(workload, path));
      }
      const latency = await warmLatency(workload, sessions, SETTINGS.latency);
      process.stderr.write("latency ");
      // Closed now, so the concurrent clients get all of the tunnel's channels.
      for (const session of sessions.values()) await session.close();
      sessions.clear();
      for (const name of PATH_NAMES) {
        const bulk = await bulkThroughput(workload, env, paths.get(name)!, SETTINGS.bulkRows, SETTINGS.bulkTries);
        const clients = await concurrentThroughput(workload, env, paths.get(name)!, SETTINGS.clients, SETTINGS.concurrentMs);
        const newSession = await newSessionOverWarmPath(workload, paths.get(name)!, SETTINGS.warmSessionTries);
        const cold = await coldStart(workload, env, name, SETTINGS.coldTries);
        const l = latency.get(name)!;
        rows.push({
          driver: workload.driver,
          path: name,
          simple_p50_ms: l.simple.p50,
          simple_p99_ms: l.simple.p99,
          param_p50_ms: l.parameterised.p50,
          param_p99_ms: l.parameterised.p99,
          bulk_mb_s: bulk.mbPerS,
          new_path_first_query_ms: cold,
          new_session_warm_path_ms: newSession,
          concurrent_qps: clients.qps,
        });
        cpuRows.push({ driver: workload.driver, path: name, measure: "bulk, ms per MB", ...bulk.cpuPerMb });
        cpuRows.push({
          driver: workload.driver,
          path: name,
          measure: `${SETTINGS.clients} clients, ms per 1,000 queries`,
          ...clients.cpuPer1000,
        });
        process.stderr.write(`${name} `);
      }
      process.stderr.write("\n");
    } finally {
      for (const session of sessions.values()) await session.close();
      for (const path of paths.values()) await path.close();
    }
  }
  pool.closeAll();
  const idle = await measureIdleTunnelMemory(env, keys);
  const idleSessions = await measureIdleSessionMemory(env);
  const api = await measureApiLoad(SETTINGS.apiClients, SETTINGS.apiRequestsPerClient);
  const rest = await measureRestQueries(env, restQuerySettings(quick));
  const wan = await measureWan(env, wanSettings(quick));
  const jump = await measureJumpHosts(env, jumpSettings(quick));
  const reverse = await measureReverseTunnels(env, reverseSettings(quick));
  const targets = [...checkTargets(rows, api, idle), ...restQueryTargets(rest), ...idleSessionTargets(idleSessions)];
  const seconds = Math.round((performance.now() - started) / 1000);

  console.log(
    `\nDrivers × paths (bulk: ${SETTINGS.bulkRows} rows of 1,000 bytes; ${SETTINGS.clients} concurrent clients over one SSH connection)`,
  );
  console.table(rows);
  console.log("\nCPU by process (client: this process, with our tunnel or tunnel-ssh in it; ssh_client: OpenSSH's ssh -L)");
  console.table(cpuRows);
  console.log("\nAPI (built server, SQLite)");
  console.table(api);
  console.log("\nREST query (built server, SQLite; one client, sequential calls; query_over_get is the target ratio)");
  console.table(rest);
  console.log("\nIdle pooled tunnels");
  console.table([idle]);
  console.log("\nIdle session pools (one kept session each, through our tunnel)");
  console.table(idleSessions);
  console.log(`\n${wanTitle(wanSettings(quick))}`);
  console.table(wan);
  console.log(`\n${jumpTitle(jumpSettings(quick))}`);
  console.table(jump);
  console.log(`\n${reverseTitle(reverseSettings(quick))}`);
  console.table(reverse);
  console.log("\nTargets (ratios within this run)");
  console.table(targets);
  console.log(`\nbench finished in ${seconds} s${quick ? " (BENCH_QUICK)" : ""}`);

  mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
  const file = new URL(`../results/bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`, import.meta.url);
  writeFileSync(
    file,
    JSON.stringify(
      {
        settings: SETTINGS,
        seconds,
        drivers: rows,
        cpu: cpuRows,
        api,
        rest_query: rest,
        idle,
        idle_sessions: idleSessions,
        wan,
        jump_hosts: jump,
        reverse_tunnels: reverse,
        targets,
      },
      null,
      2,
    ),
  );
  console.log(`wrote ${file.pathname}`);
} finally {
  pool.closeAll();
  await env.stop();
}
