import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  recordFigure,
  startClickHouse,
  startMariaDb,
  startNextServer,
  startPostgres,
  startTrinoPeer,
  startVerticaPeer,
  type ClickHouseServer,
  type MariaDbServer,
  type PostgresServer,
} from "@connections/testkit";
import { createConnection, query } from "../support/connections.ts";
import { newTenant, projectSnapshot, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { signedInUser } from "../support/signed-in-user.ts";

const MIB = 1024 * 1024;
const ROW = ["x".repeat(1000)];
// Each statement makes 80,000 rows of 1,000 characters: about 80 MB of JSON.
const ROWS = 80_000;
const RECURSIVE = `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${ROWS}) SELECT printf('%.1000c', 'x') AS v FROM g`;
const EIGHTY_MB: Record<string, string> = {
  PostgreSQL: `select repeat('x', 1000) as v from generate_series(1, ${ROWS})`,
  MySQL: `select repeat('x', 1000) as v from seq_1_to_${ROWS}`,
  // ClickHouse 18.16 has no repeat(), and building the string per row is far slower than one literal.
  ClickHouse: `select '${ROW[0]}' as v from system.numbers limit ${ROWS}`,
  Trino: RECURSIVE,
  Vertica: RECURSIVE,
};

let tenant: Tenant;
let postgres: PostgresServer;
let maria: MariaDbServer;
let clickhouse: ClickHouseServer;
let trino: Awaited<ReturnType<typeof startTrinoPeer>>;
let vertica: Awaited<ReturnType<typeof startVerticaPeer>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  tenant = await newTenant("result-bytes");
  [postgres, maria, clickhouse, trino, vertica] = await Promise.all([
    startPostgres({ password: true }),
    startMariaDb(),
    startClickHouse(),
    startTrinoPeer(),
    startVerticaPeer(),
  ]);
  const app = postgres.app!;
  ids.PostgreSQL = await createConnection(tenant, "PostgreSQL", {
    host: postgres.host,
    port: postgres.port,
    database: app.database,
    user: app.user,
    password: app.password,
  });
  ids.MySQL = await createConnection(tenant, "MySQL", {
    host: maria.host,
    port: maria.port,
    database: maria.database,
    user: maria.user,
    password: maria.password,
  });
  ids.ClickHouse = await createConnection(tenant, "ClickHouse", {
    host: clickhouse.host,
    port: clickhouse.httpPort,
    user: clickhouse.user,
    password: clickhouse.password,
  });
  ids.Trino = await createConnection(tenant, "Trino", { host: trino.host, port: trino.port, user: "analyst", http_scheme: "http" });
  ids.Vertica = await createConnection(tenant, "Vertica", {
    host: vertica.host,
    port: vertica.port,
    database: vertica.database,
    user: vertica.user,
    password: vertica.password,
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([postgres?.stop(), maria?.stop(), clickhouse?.stop(), trino?.stop(), vertica?.stop()]);
});

/** A cut result: within max_bytes as sent, cut at a row boundary, and full up to the limit. */
function expectCutByBytes(
  text: string,
  data: { rows: unknown[][]; row_count: number; truncated: boolean; truncated_by?: string; max_bytes?: number },
  maxBytes: number,
) {
  const bodyBytes = Buffer.byteLength(text);
  expect(bodyBytes).toBeLessThanOrEqual(maxBytes);
  expect(data).toMatchObject({ truncated: true, truncated_by: "bytes", max_bytes: maxBytes });
  expect(data.row_count).toBe(data.rows.length);
  expect(data.row_count).toBeGreaterThan(0);
  expect(data.row_count).toBeLessThan(ROWS);
  expect(data.rows.every((row) => JSON.stringify(row) === JSON.stringify(ROW))).toBe(true);
  // Cut at the limit, not long before it: one more row would not fit beside the envelope's reserve.
  expect(bodyBytes + JSON.stringify(ROW).length + 1).toBeGreaterThan(maxBytes - 512);
  return bodyBytes;
}

/** The server's resident memory in kB: now, and the peak since the last reset. */
function serverMemory(): { rssKb: number; peakKb: number } {
  const status = readFileSync(`/proc/${target().pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rssKb: kb("VmRSS"), peakKb: kb("VmHWM") };
}

/** Resets the peak (VmHWM) to the current RSS (Linux clear_refs "5"). */
function resetPeak(): void {
  writeFileSync(`/proc/${target().pid}/clear_refs`, "5");
}

const cut: Record<string, { rows: number; bytes: number }> = {};

describe("results are bounded in bytes as well as rows", () => {
  for (const type of Object.keys(EIGHTY_MB)) {
    // The Trino and Vertica peers build the whole result in SQLite before sending it: slow on a busy machine.
    it(`${type}: an 80 MB result with max_bytes 4 MiB comes back within 4 MiB, cut at a row boundary`, { timeout: 150_000 }, async () => {
      const response = await query(tenant, ids[type]!, EIGHTY_MB[type]!, [], {
        max_rows: 100_000,
        max_bytes: 4 * MIB,
        timeout_ms: 120_000,
      });
      expect(response.status, response.text.slice(0, 500)).toBe(200);
      cut[type] = { rows: response.body.data.row_count, bytes: expectCutByBytes(response.text, response.body.data, 4 * MIB) };
    });
  }

  it("PostgreSQL: without max_bytes the default of 10 MiB applies, and the server's memory stays bounded", async () => {
    const before = serverMemory();
    resetPeak();
    const response = await query(tenant, ids.PostgreSQL!, EIGHTY_MB.PostgreSQL!, [], { max_rows: 100_000 });
    const after = serverMemory();
    expect(response.status, response.text.slice(0, 500)).toBe(200);
    const bytes = expectCutByBytes(response.text, response.body.data, 10 * MIB);
    const growthMb = Math.round((after.peakKb - before.rssKb) / 1024);
    const summary = Object.entries(cut)
      .map(([type, c]) => `${type} ${c.rows} rows/${(c.bytes / MIB).toFixed(2)} MiB`)
      .join(", ");
    recordFigure({
      id: "S4",
      measure: "an 80 MB result (80,000 rows of 1,000 chars) through the built server",
      value: `default max_bytes: ${response.body.data.row_count} rows, ${(bytes / MIB).toFixed(2)} MiB body, truncated_by "bytes"; server peak RSS +${growthMb} MB; max_bytes 4 MiB: ${summary}`,
      target: 'body ≤ max_bytes, cut at a row boundary, truncated_by "bytes", for all five drivers',
    });
  });

  it("PostgreSQL and MySQL: a single value larger than max_bytes is cut and listed in truncated_values", async () => {
    for (const type of ["PostgreSQL", "MySQL"]) {
      const response = await query(tenant, ids[type]!, "select 7 as id, repeat('y', 3000000) as body", [], { max_bytes: MIB });
      expect(response.status, response.text.slice(0, 500)).toBe(200);
      expect(Buffer.byteLength(response.text)).toBeLessThanOrEqual(MIB);
      const data = response.body.data;
      expect(data).toMatchObject({
        row_count: 1,
        truncated: true,
        truncated_by: "bytes",
        max_bytes: MIB,
        truncated_values: [{ row: 0, column: 1, bytes: 3_000_002 }],
      });
      expect(data.rows[0][0]).toBe(7);
      expect(data.rows[0][1]).toMatch(/^y+$/);
      expect(data.rows[0][1].length).toBeGreaterThan(MIB - 2048);
    }
  });

  it('says truncated_by "rows" when max_rows cut the result, and nothing when nothing was cut', async () => {
    const byRows = await query(tenant, ids.PostgreSQL!, "select g from generate_series(1, 20) g", [], { max_rows: 5 });
    expect(byRows.body.data).toMatchObject({ row_count: 5, truncated: true, truncated_by: "rows" });
    const whole = await query(tenant, ids.PostgreSQL!, "select g from generate_series(1, 5) g", [], { max_rows: 5 });
    expect(whole.body.data).toMatchObject({ row_count: 5, truncated: false });
    expect(Object.keys(whole.body.data)).not.toContain("truncated_by");
  });

  it("refuses a bad max_bytes with 422 naming the field, and stores nothing", async () => {
    const before = await projectSnapshot(tenant.projectId);
    for (const bad of [0, -1, 64 * MIB + 1, "1048576", 1.5, null]) {
      const response = await query(tenant, ids.PostgreSQL!, "select 1", [], { max_bytes: bad });
      expect(response.status, `max_bytes ${JSON.stringify(bad)}`).toBe(422);
      expect(response.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [expect.objectContaining({ path: "max_bytes" })] });
    }
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("tRPC connection.query takes max_bytes and its answer stays within it", async () => {
    const response = await fetch(`${target().baseUrl}/api/trpc/connection.query`, {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
      body: JSON.stringify({ id: ids.PostgreSQL, sql: EIGHTY_MB.PostgreSQL, max_rows: 100_000, max_bytes: 2 * MIB }),
    });
    const text = await response.text();
    expect(response.status, text.slice(0, 500)).toBe(200);
    expectCutByBytes(text, JSON.parse(text).result.data, 2 * MIB);
  });

  it("a chat message's result is bounded by the default max_bytes too", async () => {
    const user = await signedInUser(tenant);
    const trpc = (procedure: string, input: unknown) =>
      fetch(`${target().baseUrl}/api/trpc/${procedure}`, {
        method: "POST",
        headers: { cookie: user.cookie, "content-type": "application/json", origin: target().baseUrl },
        body: JSON.stringify(input),
      });
    const app = postgres.app!;
    const created = await trpc("chatConnector.create", {
      name: "big-results",
      type: "dynamiq.connections.PostgreSQL",
      config: { host: postgres.host, port: postgres.port, database: app.database, user: app.user, password: app.password },
    });
    const createdText = await created.text();
    expect(created.status, createdText).toBe(200);
    const id = JSON.parse(createdText).result.data.id;
    // Chat keeps max_rows at 1,000, so the rows are wider: 1,000 × 20,000 characters.
    const response = await trpc("chatConnector.run", { id, text: "select repeat('x', 20000) from generate_series(1, 1000)" });
    const text = await response.text();
    expect(response.status, text.slice(0, 500)).toBe(200);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10 * MIB);
    const data = JSON.parse(text).result.data;
    expect(data).toMatchObject({ truncated: true, truncated_by: "bytes", max_bytes: 10 * MIB });
    expect(data.rows.every((row: unknown[]) => row[0] === "x".repeat(20000))).toBe(true);
  });
});

describe("the server's ceiling, CONNECTIONS_MAX_RESULT_BYTES", () => {
  const env = () => ({ DATABASE_URL: target().databaseUrl, CONNECTIONS_ENCRYPTION_KEY: target().encryptionKey, LOG_LEVEL: "warn" });

  it("a malformed ceiling stops the server with a message saying what to write", async () => {
    await expect(startNextServer(target().webDir, { ...env(), CONNECTIONS_MAX_RESULT_BYTES: "64MB" })).rejects.toThrow(
      /exited with code 1[\s\S]*CONNECTIONS_MAX_RESULT_BYTES must be a whole number of bytes from 1024 to 67108864/,
    );
  });

  it("lowers the default and refuses a larger max_bytes, naming the field and the setting", async () => {
    const server = await startNextServer(target().webDir, { ...env(), CONNECTIONS_MAX_RESULT_BYTES: String(MIB) });
    try {
      const call = (body: object) =>
        fetch(`${server.baseUrl}/v1/connections/${ids.PostgreSQL}/query`, {
          method: "POST",
          headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const lowered = await call({ sql: EIGHTY_MB.PostgreSQL, max_rows: 100_000 });
      const text = await lowered.text();
      expect(lowered.status, text.slice(0, 500)).toBe(200);
      expectCutByBytes(text, JSON.parse(text).data, MIB);
      const refused = await call({ sql: "select 1", max_bytes: 2 * MIB });
      expect(refused.status).toBe(422);
      expect((await refused.json()).error.details).toEqual([
        {
          path: "max_bytes",
          code: "INVALID_VALUE",
          message: expect.stringMatching(/at most 1048576 bytes on this server \(CONNECTIONS_MAX_RESULT_BYTES\)/),
        },
      ]);
    } finally {
      await server.stop();
    }
  });
});

describe("the OpenAPI document", () => {
  it("describes max_bytes and the truncation fields from the same schemas", async () => {
    const { body } = await api("GET", "/v1/openapi.json");
    expect(body.components.schemas.QueryRequest.properties.max_bytes).toMatchObject({
      type: "integer",
      minimum: 1024,
      maximum: 64 * MIB,
      default: 10 * MIB,
    });
    const result = body.components.schemas.QueryResult.properties;
    expect(result.truncated_by).toMatchObject({ enum: ["rows", "bytes"] });
    expect(result.truncated_values.items.properties).toMatchObject({
      row: { type: "integer" },
      column: { type: "integer" },
      bytes: { type: "integer" },
    });
    expect(body.components.schemas.QueryResult.required).not.toContain("truncated_by");
  });
});
