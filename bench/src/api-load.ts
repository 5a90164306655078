// The REST API under 32 concurrent clients: create and list on the built server over SQLite.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiEnv, createAccessKey, createProject, serviceContextOf } from "@connections/api";
import { postgresqlType } from "@connections/core";
import { createPrismaClient, generateMasterKey, Keyring, migrate, parseMasterKey } from "@connections/db";
import { startNextServer } from "@connections/testkit";
import { tunnelEnv } from "@connections/tunnel";
import { percentiles } from "./percentiles.ts";

const WEB_DIR = fileURLToPath(new URL("../../apps/web/", import.meta.url));

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
  const dir = mkdtempSync(join(tmpdir(), "connections-bench-api-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  const encryptionKey = generateMasterKey("bench");
  await migrate(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  const server = await startNextServer(WEB_DIR, {
    DATABASE_URL: databaseUrl,
    CONNECTIONS_ENCRYPTION_KEY: encryptionKey,
    LOG_LEVEL: "warn",
    ...serverEnv,
  });
  try {
    const context = serviceContextOf({
      db,
      keyring: new Keyring(parseMasterKey(encryptionKey, "bench key")),
      settings: { api: apiEnv({}), tunnel: tunnelEnv({}) },
    });
    const project = await createProject(context, "bench");
    const { key } = await createAccessKey(context, project.id);
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const create = (i: number) =>
      fetch(`${server.baseUrl}/v1/connections`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: `bench-${i}`,
          project_id: project.id,
          type: postgresqlType.type,
          config: { host: "10.0.12.34", port: 5432, database: "analytics", user: "reader", password: `secret-${i}` },
        }),
      });
    const list = () => fetch(`${server.baseUrl}/v1/connections?project_id=${project.id}&limit=50`, { headers });
    // Warm the server's routes and connections before timing.
    for (let i = 0; i < 20; i++) await (await create(-i - 1)).arrayBuffer();
    for (let i = 0; i < 20; i++) await (await list()).arrayBuffer();
    afterWarmUp?.(server.process.pid);
    return [await load("create", clients, requestsPerClient, create), await load("list", clients, requestsPerClient, list)];
  } finally {
    await server.stop();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
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
