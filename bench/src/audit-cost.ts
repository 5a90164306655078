import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  apiEnv,
  authenticateAccessKey,
  createAccessKey,
  createConnection,
  createProject,
  queryConnection,
  serviceContextOf,
  type ServiceContext,
} from "@connections/api";
import { createPrismaClient, generateMasterKey, Keyring, migrate, parseMasterKey } from "@connections/db";
import { startPostgres } from "@connections/testkit";
import { tunnelEnv } from "@connections/tunnel";
import { median } from "./percentiles.ts";

export interface AuditCostRow {
  audit: "on" | "off";
  calls: number;
  p50_ms: number;
  calls_per_s: number;
}

/**
 * The query path with and without its audit row (SPEC §12): the same service context, database
 * and statement, the audit log swapped for one that records nothing. Rounds alternate so drift
 * hits both alike; each row is the median of its rounds.
 */
export async function measureAuditCost({ rounds, calls }: { rounds: number; calls: number }): Promise<AuditCostRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "audit-bench-"));
  const pg = await startPostgres({ password: true });
  const url = `file:${join(dir, "service.db")}`;
  await migrate(url);
  const audited: ServiceContext = serviceContextOf({
    db: createPrismaClient(url),
    keyring: new Keyring(parseMasterKey(generateMasterKey("bench"), "bench key")),
    // Thousands of queries from one key: the per-key call rate would refuse them at its default.
    settings: { api: apiEnv({ CONNECTIONS_CALLS_PER_MINUTE: "1000000", CONNECTIONS_CALLS_BURST: "1000000" }), tunnel: tunnelEnv({}) },
  });
  // The baseline: everything shared, but the log takes no row (its flush and listing still work).
  const silent: ServiceContext = {
    ...audited,
    audit: Object.assign(Object.create(audited.audit) as ServiceContext["audit"], { record: () => {} }),
  };
  try {
    const project = await createProject(audited, "audit-bench");
    const key = await createAccessKey(audited, project.id);
    const principal = { ...(await authenticateAccessKey(audited, `Bearer ${key.key}`)), address: "127.0.0.1" };
    const config = { host: pg.host, port: pg.port, database: pg.app!.database, user: pg.app!.user, password: pg.app!.password };
    const { id } = await createConnection(audited, principal, {
      name: "bench",
      project_id: project.id,
      type: "dynamiq.connections.PostgreSQL",
      config,
    });
    const input = { sql: "select $1::int as n", params: [1], max_rows: 1000, timeout_ms: 10_000 };
    const round = async (ctx: ServiceContext) => {
      const latencies: number[] = [];
      const started = performance.now();
      for (let i = 0; i < calls; i += 1) {
        const t = performance.now();
        await queryConnection(ctx, principal, id, input);
        latencies.push(performance.now() - t);
      }
      return { p50: median(latencies), perSecond: calls / ((performance.now() - started) / 1000) };
    };
    await round(audited);
    const results = { on: [] as Array<{ p50: number; perSecond: number }>, off: [] as Array<{ p50: number; perSecond: number }> };
    for (let r = 0; r < rounds; r += 1) {
      results.off.push(await round(silent));
      results.on.push(await round(audited));
    }
    await audited.audit.flush();
    const written = await audited.db.auditEvent.count({ where: { action: "connection.query" } });
    if (written !== calls * (rounds + 1)) throw new Error(`expected ${calls * (rounds + 1)} audit rows, found ${written}`);
    return (["off", "on"] as const).map((audit) => ({
      audit,
      calls: calls * rounds,
      p50_ms: Math.round(median(results[audit].map((r) => r.p50)) * 1000) / 1000,
      calls_per_s: Math.round(median(results[audit].map((r) => r.perSecond))),
    }));
  } finally {
    audited.sessions.closeAll();
    await audited.db.$disconnect();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
