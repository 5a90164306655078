import { readFileSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigure } from "@connections/testkit";
import { db, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { startPostgresBehindBastion, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";

// Accept: text/csv on the query endpoint (SPEC §12): the rows stream out as RFC 4180 CSV as the
// database sends them, through a real bastion to a real PostgreSQL, and parse back to the values
// of the JSON answer.

let setup: PostgresBehindBastion;
let tenant: Tenant;
let id: string;

beforeAll(async () => {
  setup = await startPostgresBehindBastion("csv-export", { name: "orders (eu)" });
  ({ tenant, id } = setup);
});

afterAll(async () => {
  await setup?.stop();
});

const ROWS = 100_000;
// Every awkward cell CSV has: commas, quotes, CR LF inside a value, non-ASCII, null, numbers, booleans, JSON.
const STATEMENT = `select i, 'row ' || i || ', "quoted"' || E'\\r\\n' || 'second line ü €' as text,
  case when i % 7 = 0 then null else i * 1.5 end as num, i % 2 = 0 as flag, json_build_object('i', i, 's', 'a,b') as doc,
  repeat('x', 300) as pad
  from generate_series(1, $1::int) i order by i`;
const BODY = JSON.stringify({ sql: STATEMENT, params: [ROWS], max_rows: ROWS, max_bytes: 64 * 1024 * 1024, timeout_ms: 60_000 });

/** The server's resident memory, from the kernel. */
function serverRss(): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${target().pid}/status`, "utf8"))![1]) * 1024;
}

/** Samples the server's memory until stopped; `growth` is the peak less the first sample. */
function memoryWatch(): { stop(): number } {
  const start = serverRss();
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRss())), 20);
  return {
    stop: () => {
      clearInterval(sampler);
      return Math.max(peak, serverRss()) - start;
    },
  };
}

function post(accept: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${tenant.key}`, "content-type": "application/json", accept };
    request(`${target().baseUrl}/v1/connections/${id}/query`, { method: "POST", headers }, resolve).on("error", reject).end(BODY);
  });
}

/** What the database's session for the export is doing, asked through a second pooled session. */
async function exportWaitEvent(): Promise<string | null> {
  const answer = await api("POST", `/v1/connections/${id}/query`, {
    key: tenant.key,
    body: { sql: "select wait_event from pg_stat_activity where query like '%generate_series%' and pid <> pg_backend_pid()" },
  });
  return (answer.body.data.rows[0]?.[0] as string | undefined) ?? null;
}

/** A JSON answer's cell as the CSV holds it: a string itself, null empty, anything else its JSON. */
function asCsvCell(value: unknown): string {
  if (value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

describe("query results as CSV (Accept: text/csv)", () => {
  it("JSON stays the answer unless text/csv is preferred", async () => {
    for (const accept of ["application/json", "*/*", "text/csv;q=0.5, application/json", ""]) {
      const answer = await api("POST", `/v1/connections/${id}/query`, {
        key: tenant.key,
        headers: { accept },
        body: { sql: "select 1 as one" },
      });
      expect(answer.headers.get("content-type"), accept).toContain("application/json");
      expect(answer.body.data.rows).toEqual([[1]]);
    }
    const csv = await api("POST", `/v1/connections/${id}/query`, {
      key: tenant.key,
      headers: { accept: "application/json;q=0.9, text/csv" },
      body: { sql: "select 1 as one, null as nothing, 'a\"b' as quoted" },
    });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(csv.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''orders%20%28eu%29.csv");
    expect(csv.text).toBe('one,nothing,quoted\r\n1,,"a""b"\r\n');
  });

  it("streams 100,000 rows: a stalled reader makes the database wait, server memory stays flat, and the rows parse back", async () => {
    const watch = memoryWatch();
    const response = await post("text/csv");
    expect(response.statusCode).toBe(200);
    const chunks: Buffer[] = [];
    // Read the start, then stop reading: the rows must wait in the database, not in the server.
    await new Promise<void>((resolve) => {
      const first = (chunk: Buffer) => {
        chunks.push(chunk);
        if (chunks.length < 2) return;
        response.pause();
        response.off("data", first);
        resolve();
      };
      response.on("data", first);
    });
    await expect.poll(exportWaitEvent, { timeout: 20_000, interval: 200 }).toBe("ClientWrite");
    const stalledGrowth = watch.stop();
    const whole = memoryWatch();
    const text = await new Promise<string>((resolve, reject) => {
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      response.on("error", reject);
      response.resume();
    });
    const csvGrowth = Math.max(stalledGrowth, whole.stop());
    const csvBytes = Buffer.byteLength(text);

    // The JSON answer of the same rows, held whole in memory by design: the control for the measure.
    const json = memoryWatch();
    const answer = await api("POST", `/v1/connections/${id}/query`, {
      key: tenant.key,
      raw: BODY,
      headers: { "content-type": "application/json" },
    });
    const jsonGrowth = json.stop();
    expect(answer.status).toBe(200);
    expect(answer.body.data.truncated).toBe(false);

    const records = parse(text, { record_delimiter: "\r\n" }) as string[][];
    expect(records[0]).toEqual(["i", "text", "num", "flag", "doc", "pad"]);
    expect(records.length).toBe(ROWS + 1);
    expect(records.slice(1)).toEqual((answer.body.data.rows as unknown[][]).map((row) => row.map(asCsvCell)));
    expect(records[7]).toEqual(["7", 'row 7, "quoted"\r\nsecond line ü €', "", "false", '{"i":7,"s":"a,b"}', "x".repeat(300)]);

    recordFigure({
      id: "csv-export-memory",
      measure: `server RSS growth over ${ROWS} rows (${mib(csvBytes)} MiB of CSV), through a bastion`,
      value: `CSV stream ${mib(csvGrowth)} MiB (stalled reader: ${mib(stalledGrowth)} MiB); JSON answer ${mib(jsonGrowth)} MiB`,
      target: "CSV flat: a fraction of the result's size",
    });
    // Holding the rows would cost the server more than their CSV (the JSON answer's growth is the
    // measure of that). The bounds leave room for the other files this server serves meanwhile:
    // one CI run measured 21.5 MiB of growth here, against 7.6 MiB when the file ran alone.
    expect(csvGrowth).toBeLessThan(csvBytes);
    expect(csvGrowth).toBeLessThan(jsonGrowth / 4);
  }, 120_000);

  it("a result cut by max_rows ends the transfer with an error, never a complete-looking file; the audit row says so", async () => {
    // The cut may come before the status line is out: either way the transfer fails.
    const transfer = fetch(`${target().baseUrl}/v1/connections/${id}/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json", accept: "text/csv" },
      body: JSON.stringify({ sql: "select i from generate_series(1, 50000) i", max_rows: 10 }),
    }).then((response) => response.text());
    await expect(transfer).rejects.toThrow();
    await expect
      .poll(() => db().auditEvent.findFirst({ where: { connectionId: id, code: "RESULT_TRUNCATED" } }))
      .toMatchObject({ action: "connection.query", outcome: "error", rows: 10 });
  });

  it("a statement that fails before its first row is an ordinary JSON error with its status", async () => {
    const failed = await api("POST", `/v1/connections/${id}/query`, {
      key: tenant.key,
      headers: { accept: "text/csv" },
      body: { sql: "select * from no_such_table" },
    });
    expect(failed.status).toBe(422);
    expect(failed.headers.get("content-type")).toContain("application/json");
    expect(failed.body.error).toMatchObject({ code: "QUERY_FAILED" });
  });
});
