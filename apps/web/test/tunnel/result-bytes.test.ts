import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { createConnection, query } from "../support/connections.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";

const MIB = 1024 * 1024;
let lab: BastionLab;
let pg: PostgresServer;
let tenant: Tenant;

beforeAll(async () => {
  lab = await startBastionLab();
  pg = await startPostgres({ ...lab.db, password: true });
  tenant = await newTenant("bytes-tunnel");
});

afterAll(async () => {
  await pg?.stop();
  await lab?.stop();
});

describe("max_bytes through a real OpenSSH bastion", () => {
  it("cuts an 80 MB result within max_bytes, and the shared tunnel still carries the next query", async () => {
    const id = await createConnection(tenant, "PostgreSQL", {
      host: lab.dbHost,
      port: pg.port,
      database: pg.app!.database,
      user: pg.app!.user,
      password: pg.app!.password,
      ssh_tunnel: tunnelConfig(lab),
    });
    const big = await query(tenant, id, "select repeat('x', 1000) from generate_series(1, 80000)", [], {
      max_rows: 100_000,
      max_bytes: 2 * MIB,
    });
    expect(big.status, big.text.slice(0, 500)).toBe(200);
    expect(Buffer.byteLength(big.text)).toBeLessThanOrEqual(2 * MIB);
    expect(big.body.data).toMatchObject({ truncated: true, truncated_by: "bytes", max_bytes: 2 * MIB });
    expect(big.body.data.rows.every((row: unknown[]) => row[0] === "x".repeat(1000))).toBe(true);
    expect(big.body.data.row_count).toBeGreaterThan(1000);

    // Reading stopped by dropping that query's forwarded channel, not the SSH connection.
    const next = await query(tenant, id, "select count(*)::int from items");
    expect(next.status, next.text).toBe(200);
    expect(next.body.data.rows).toEqual([[3]]);
  });
});
