// The lean-request-path measures on their own: warm p50 of GET /v1/connections/{id} and of a
// direct PostgreSQL `SELECT 1` through POST .../query (200 calls each), then create/list at 32
// clients. `node --import tsx bench/src/rest-path.ts [get|query|create|list ...]`; with
// REST_PATH_PROFILE_DIR set, the server of each measure is CPU-profiled once warm, and the profile
// is written there (<measure>.cpuprofile) when it stops.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { postgresqlType } from "@connections/core";
import { startPostgres } from "@connections/testkit";
import { measureApiLoad } from "./api-load.ts";
import { startBenchServer } from "./bench-server.ts";
import { benchEnv } from "./env.ts";
import { percentiles } from "./percentiles.ts";
import { treeCpuMs } from "./process-cpu.ts";

const CALLS = 200;
const profileDir = benchEnv().REST_PATH_PROFILE_DIR;
const chosen = process.argv.slice(2);
const wants = (name: string) => chosen.length === 0 || chosen.includes(name);
const PRELOAD = fileURLToPath(new URL("./cpu-profile-preload.mjs", import.meta.url));
const profiled = (name: string): Record<string, string> =>
  profileDir ? { NODE_OPTIONS: `--import ${PRELOAD}`, CPU_PROFILE_FILE: join(profileDir, `${name}.cpuprofile`) } : {};
const startProfile = (pid: number) => profileDir && process.kill(pid, "SIGUSR2");

async function warmCalls(names: Array<"get" | "query">): Promise<void> {
  const postgres = await startPostgres({ password: true });
  const app = postgres.app!;
  try {
    for (const name of names) {
      const server = await startBenchServer({
        CONNECTIONS_CALLS_BURST: "100000",
        CONNECTIONS_CALLS_PER_MINUTE: "100000",
        ...profiled(name),
      });
      try {
        const { headers } = server;
        const created = await fetch(`${server.baseUrl}/v1/connections`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            name: `pg-${name}`,
            project_id: server.projectId,
            type: postgresqlType.type,
            config: { host: "127.0.0.1", port: postgres.port, database: app.database, user: app.user, password: app.password },
          }),
        });
        const { data } = (await created.json()) as { data: { id: string } };
        const call =
          name === "get"
            ? () => fetch(`${server.baseUrl}/v1/connections/${data.id}`, { headers })
            : () =>
                fetch(`${server.baseUrl}/v1/connections/${data.id}/query`, {
                  method: "POST",
                  headers,
                  body: JSON.stringify({ sql: "SELECT 1" }),
                });
        for (let i = 0; i < 30; i++) await (await call()).arrayBuffer();
        startProfile(server.pid);
        const times: number[] = [];
        const cpuBefore = treeCpuMs(server.pid);
        for (let i = 0; i < CALLS; i++) {
          const started = performance.now();
          const response = await call();
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${name} answered ${response.status}`);
          times.push(performance.now() - started);
        }
        const { p50, p99 } = percentiles(times);
        // The server's CPU per call: less at the mercy of other load on the machine than wall time.
        const cpuMsPerCall = Math.round(((treeCpuMs(server.pid) - cpuBefore) / CALLS) * 100) / 100;
        console.log(JSON.stringify({ measure: name, calls: CALLS, p50_ms: p50, p99_ms: p99, server_cpu_ms_per_call: cpuMsPerCall }));
      } finally {
        await server.stop();
      }
    }
  } finally {
    await postgres.stop();
  }
}

const warm = (["get", "query"] as const).filter(wants);
if (warm.length > 0) await warmCalls([...warm]);
if (wants("create") || wants("list")) {
  // The server's CPU from warm until it stops (both loads): sampled, as it is gone when they return.
  let cpu = { first: 0, last: 0 };
  let sampler: NodeJS.Timeout | undefined;
  const results = await measureApiLoad(32, profileDir ? 50 : 100, {
    serverEnv: profiled("create-list"),
    afterWarmUp: (pid) => {
      startProfile(pid);
      cpu = { first: treeCpuMs(pid), last: treeCpuMs(pid) };
      sampler = setInterval(() => (cpu.last = Math.max(cpu.last, treeCpuMs(pid))), 100);
    },
  });
  clearInterval(sampler);
  for (const result of results) console.log(JSON.stringify(result));
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  console.log(
    JSON.stringify({ measure: "create+list", server_cpu_ms_per_request: Math.round(((cpu.last - cpu.first) / requests) * 100) / 100 }),
  );
}
