// The REST API under 32 concurrent clients: create and list on the built server over SQLite.
import { postgresqlType } from "@connections/core";
import { startBenchServer } from "./bench-server.ts";
import { percentiles } from "./percentiles.ts";

export interface ApiLoadResult {
  operation: "create" | "list";
  clients: number;
  requests: number;
  p50_ms: number;
  p99_ms: number;
  requests_per_s: number;
}

/** `serverEnv` is added to the server's environment; `afterWarmUp` hears its PID once it is warm (to start a profiler there). */
export async function measureApiLoad(
  clients: number,
  requestsPerClient: number,
  { serverEnv = {}, afterWarmUp }: { serverEnv?: Record<string, string>; afterWarmUp?: (serverPid: number) => void } = {},
): Promise<ApiLoadResult[]> {
  const server = await startBenchServer(serverEnv);
  try {
    const { headers, projectId } = server;
    const create = (i: number) =>
      fetch(`${server.baseUrl}/v1/connections`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: `bench-${i}`,
          project_id: projectId,
          type: postgresqlType.type,
          config: { host: "10.0.12.34", port: 5432, database: "analytics", user: "reader", password: `secret-${i}` },
        }),
      });
    const list = () => fetch(`${server.baseUrl}/v1/connections?project_id=${projectId}&limit=50`, { headers });
    // Warm the server's routes and connections before timing.
    for (let i = 0; i < 20; i++) await (await create(-i - 1)).arrayBuffer();
    for (let i = 0; i < 20; i++) await (await list()).arrayBuffer();
    afterWarmUp?.(server.pid);
    return [await load("create", clients, requestsPerClient, create), await load("list", clients, requestsPerClient, list)];
  } finally {
    await server.stop();
  }
}

async function load(
  operation: ApiLoadResult["operation"],
  clients: number,
  perClient: number,
  request: (i: number) => Promise<Response>,
): Promise<ApiLoadResult> {
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const t = performance.now();
        const response = await request(c * perClient + i);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${operation} answered ${response.status}`);
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99 } = percentiles(times);
  return { operation, clients, requests: times.length, p50_ms: p50, p99_ms: p99, requests_per_s: Math.round(times.length / seconds) };
}
