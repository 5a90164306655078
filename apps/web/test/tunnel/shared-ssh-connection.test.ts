import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { createConnection, query } from "../support/connections.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";

let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;
let id: string;

beforeAll(async () => {
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("pooling");
  id = await createConnection(tenant, "PostgreSQL", {
    host: lab.dbHost,
    port: pg.port,
    database: pg.app!.database,
    user: pg.app!.user,
    password: pg.app!.password,
    ssh_tunnel: tunnelConfig(lab),
  });
});

afterAll(async () => {
  await pg?.stop();
  await lab?.stop();
});

/** Samples sshd's live connection count while `work` runs; returns the most seen at once. */
async function peakSshConnections<T>(work: Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = lab.sshd.connectionCount();
  const sampler = setInterval(() => (peak = Math.max(peak, lab.sshd.connectionCount())), 10);
  try {
    return { result: await work, peak };
  } finally {
    clearInterval(sampler);
  }
}

describe("one shared SSH connection per bastion", () => {
  it("runs 50 concurrent queries over a single SSH connection, all correct", async () => {
    const { result, peak } = await peakSshConnections(
      Promise.all(Array.from({ length: 50 }, (_, i) => query(tenant, id, "select $1::int as n, pg_sleep(0.2)", [i]))),
    );
    expect(result.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(result.map((r) => r.body.data.rows[0][0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(peak).toBe(1);
    expect(lab.sshd.connectionCount()).toBe(1);
  });
});
