// A warm query through the REST API against a read of the same connection: what a script or the
// SQL console pays per statement beyond the API's own cost. One client, sequential calls, each
// driver reached directly and through the bench's sshd bastion.
import type { DatabaseSession } from "@connections/drivers";
import { TunnelPool } from "@connections/tunnel";
import { startBenchServer, type BenchServer } from "./bench-server.ts";
import { connectSession, QUERY } from "./driver-measures.ts";
import type { BenchEnvironment } from "./environment.ts";
import { BENCH_POLICY, openPath } from "./paths.ts";
import { percentiles } from "./percentiles.ts";
import { WORKLOADS, type DriverName, type Workload } from "./workloads.ts";

export const REST_PATHS = ["direct", "tunnelled"] as const;
export type RestPath = (typeof REST_PATHS)[number];

export interface RestQueryRow {
  driver: DriverName;
  path: RestPath;
  calls: number;
  get_p50_ms: number;
  get_p99_ms: number;
  query_p50_ms: number;
  query_p99_ms: number;
  param_p50_ms: number;
  param_p99_ms: number;
  /** The same simple query straight through the driver on the same path, in the same rounds. */
  driver_p50_ms: number;
  /** query_p50_ms / get_p50_ms: the target is ≤ 1.3. */
  query_over_get: number;
  param_over_get: number;
  /** (get_p50_ms + driver_p50_ms) / get_p50_ms: the ratio if the API added nothing to the read and the driver. */
  floor_over_get: number;
}

export interface RestQuerySettings {
  warmup: number;
  calls: number;
}

/** 200 measured rounds after 50 to warm up; a quarter of that for BENCH_QUICK. */
export function restQuerySettings(quick: boolean): RestQuerySettings {
  return quick ? { warmup: 20, calls: 50 } : { warmup: 50, calls: 200 };
}

// The measurement makes thousands of queries with one key; the default rate limit would refuse most.
const UNLIMITED_CALLS = { CONNECTIONS_CALLS_PER_MINUTE: "1000000", CONNECTIONS_CALLS_BURST: "1000000" };

export async function measureRestQueries(env: BenchEnvironment, settings: RestQuerySettings): Promise<RestQueryRow[]> {
  const server = await startBenchServer(UNLIMITED_CALLS);
  const tunnels = new TunnelPool({ policy: BENCH_POLICY });
  try {
    const rows: RestQueryRow[] = [];
    for (const workload of WORKLOADS) {
      for (const path of REST_PATHS) {
        const id = await createConnection(server, env, workload, path);
        const driverPath = await openPath(path === "direct" ? "direct" : "ours", env, env.configs[workload.driver], tunnels);
        const session = await connectSession(workload, driverPath);
        try {
          rows.push(await measureConnection(server, workload, path, id, session, settings));
        } finally {
          await session.close();
          await driverPath.close();
        }
      }
    }
    return rows;
  } finally {
    tunnels.closeAll();
    await server.stop();
  }
}

async function call<T>(server: BenchServer, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: server.headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

type QueryAnswer = { data: { rows: unknown[][] } };

/** Creates the connection and runs its test, which also pins the bastion's host key on first use. */
async function createConnection(server: BenchServer, env: BenchEnvironment, workload: Workload, path: RestPath): Promise<string> {
  const tunnel = { host: env.sshd.host, port: env.sshd.port, user: env.sshd.user, private_key: env.key.privateKey };
  const config = path === "tunnelled" ? { ...env.configs[workload.driver], ssh_tunnel: tunnel } : env.configs[workload.driver];
  const created = await call<{ data: { id: string } }>(server, "POST", "/v1/connections", {
    name: `rest-${workload.driver}-${path}`,
    project_id: server.projectId,
    type: workload.type,
    config,
  });
  const id = created.data.id;
  const test = await call<{ data: { ok: boolean; stages: unknown[] } }>(server, "POST", `/v1/connections/${id}/test`);
  if (!test.data.ok) throw new Error(`${workload.driver} ${path}: the connection test failed: ${JSON.stringify(test.data.stages)}`);
  return id;
}

/** Each round reads the connection, then runs the simple and the parameterised query, so drift hits all three alike. */
async function measureConnection(
  server: BenchServer,
  workload: Workload,
  path: RestPath,
  id: string,
  session: DatabaseSession,
  { warmup, calls }: RestQuerySettings,
): Promise<RestQueryRow> {
  const times = { get: [] as number[], query: [] as number[], param: [] as number[], driver: [] as number[] };
  const timed = async <T>(into: number[], run: () => Promise<T>) => {
    const started = performance.now();
    const answer = await run();
    into.push(performance.now() - started);
    return answer;
  };
  const queryPath = `/v1/connections/${id}/query`;
  for (let i = 0; i < warmup + calls; i++) {
    await timed(times.get, () => call(server, "GET", `/v1/connections/${id}`));
    const simple = await timed(times.query, () => call<QueryAnswer>(server, "POST", queryPath, { sql: workload.simple }));
    expectValue(workload, path, simple, 1);
    const { sql, params } = workload.parameterised;
    const param = await timed(times.param, () => call<QueryAnswer>(server, "POST", queryPath, { sql, params: params(i) }));
    expectValue(workload, path, param, i);
    await timed(times.driver, () => session.query(workload.simple, [], QUERY));
  }
  // The first `warmup` rounds open the server's routes, the tunnel and the database sessions.
  const measured = (samples: number[]) => percentiles(samples.slice(warmup));
  const get = measured(times.get);
  const query = measured(times.query);
  const param = measured(times.param);
  const driver = measured(times.driver);
  const ratio = (n: number) => Math.round((n / get.p50) * 100) / 100;
  return {
    driver: workload.driver,
    path,
    calls,
    get_p50_ms: get.p50,
    get_p99_ms: get.p99,
    query_p50_ms: query.p50,
    query_p99_ms: query.p99,
    param_p50_ms: param.p50,
    param_p99_ms: param.p99,
    driver_p50_ms: driver.p50,
    query_over_get: ratio(query.p50),
    param_over_get: ratio(param.p50),
    floor_over_get: ratio(get.p50 + driver.p50),
  };
}

/** A timing counts only if the query really ran: one row whose one value is the expected number. */
function expectValue(workload: Workload, path: RestPath, answer: QueryAnswer, expected: number): void {
  const rows = answer.data.rows;
  if (rows.length !== 1 || String(rows[0]![0]) !== String(expected))
    throw new Error(`${workload.driver} ${path}: expected one row with ${expected}, got ${JSON.stringify(rows)}`);
}
