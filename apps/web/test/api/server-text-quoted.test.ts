import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigure } from "@connections/testkit";
import { createConnection, query, testConnection } from "../support/connections.ts";
import { newTenant, target, type Tenant } from "../support/fixtures.ts";
import { sendJson, startHttpStandIn, type HttpStandIn, type ReceivedRequest } from "../support/http-stand-in.ts";

// SPEC §9 "Nothing internal is read back": a hostile endpoint answers with a 3 KB error full of
// control, bidi and zero-width characters, with a marker near the end. What reaches the user
// (stage messages, query errors) and the server's log quotes at most 200 characters of it, clean.
const MARKER = "INTERNAL-DETAIL-5b7d";
const HOSTILE_TEXT = `Code: 999. DB::Exception: \u001b[31mred\u001b[0m \u0000nul \u202eevil\u202c \u200bhidden\u2066 \r\nsecond line\t${"x".repeat(3000)} ${MARKER} tail`;
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

let tenant: Tenant;
const standIns: HttpStandIn[] = [];
const quotes: string[] = [];

beforeAll(async () => {
  tenant = await newTenant("server-text-quoted");
});
afterAll(async () => {
  for (const server of standIns) await server.stop();
});

async function standIn(handler: (request: ReceivedRequest, response: ServerResponse, host: string) => void): Promise<HttpStandIn> {
  const server = await startHttpStandIn("127.0.0.1", (request, response, raw) => handler(request, response, raw.headers.host ?? ""));
  standIns.push(server);
  return server;
}

/** The message ends with the quote of the server's text, which starts where that text does. */
function expectQuoted(message: string | undefined): void {
  expect(message).toContain("Code: 999");
  const quote = message!.slice(message!.indexOf("Code: 999"));
  expect(quote.length, message).toBeLessThanOrEqual(200);
  expect(quote).toContain("evil");
  expect(message).not.toMatch(INVISIBLE);
  expect(message).not.toContain(MARKER);
  quotes.push(quote);
}

const clickhouseFailure = (response: ServerResponse) =>
  response.writeHead(500, { "content-type": "text/plain; charset=UTF-8", "x-clickhouse-exception-code": "999" }).end(HOSTILE_TEXT);

describe("ClickHouse answering 500 with a 3 KB body", () => {
  it("the test's stage message and the query error quote at most 200 clean characters", async () => {
    const server = await standIn((_, response) => clickhouseFailure(response));
    const id = await createConnection(tenant, "ClickHouse", { host: "127.0.0.1", port: server.port, user: "analyst", password: "pw" });
    const failed = (await testConnection(tenant, id)).stages.find((s) => s.status === "failed");
    expect(failed).toMatchObject({ name: "db_auth", code: "DB_CONNECT_FAILED" });
    expectQuoted(failed?.message);
    const result = await query(tenant, id, "SELECT 1");
    expect(result.status, result.text).toBe(502);
    expectQuoted(result.body.error.message);
  });

  it("a query the endpoint rejects after a good login gets QUERY_FAILED with the same quoting", async () => {
    const server = await standIn((request, response) => {
      if (request.body.includes("SELECT 1")) sendJson(response, 200, { meta: [{ name: "1", type: "UInt8" }], data: [[1]], rows: 1 });
      else clickhouseFailure(response);
    });
    const id = await createConnection(tenant, "ClickHouse", { host: "127.0.0.1", port: server.port, user: "analyst", password: "pw" });
    const result = await query(tenant, id, "SELECT broken");
    expect(result.status, result.text).toBe(422);
    expect(result.body.error).toMatchObject({ code: "QUERY_FAILED" });
    expectQuoted(result.body.error.message);
  });
});

describe("Trino answering with a 3 KB error", () => {
  it("the test's query stage and the query error quote at most 200 clean characters", async () => {
    const server = await standIn((request, response, host) => {
      if (request.method === "POST")
        sendJson(response, 200, { id: "q1", nextUri: `http://${host}/v1/statement/executing/q1/s/1`, stats: { state: "QUEUED" } });
      else
        sendJson(response, 200, {
          id: "q1",
          stats: { state: "FAILED" },
          error: { message: HOSTILE_TEXT, errorName: "GENERIC_INTERNAL_ERROR" },
        });
    });
    const id = await createConnection(tenant, "Trino", { host: "127.0.0.1", port: server.port, user: "analyst", password: "pw" });
    const failed = (await testConnection(tenant, id)).stages.find((s) => s.status === "failed");
    expect(failed).toMatchObject({ name: "query", code: "QUERY_FAILED" });
    expectQuoted(failed?.message);
    const result = await query(tenant, id, "SELECT 1");
    expect(result.status, result.text).toBe(422);
    expectQuoted(result.body.error.message);
  });
});

describe("the server's log", () => {
  it("holds neither the marker nor a longer run of the body than a quote", () => {
    const log = readFileSync(target().logFile, "utf8");
    expect(log).not.toContain(MARKER);
    expect(log).not.toContain("x".repeat(201));
    expect(quotes).toHaveLength(5);
    recordFigure({
      id: "S3",
      measure: `a ${HOSTILE_TEXT.length}-character error with control, bidi and zero-width characters (ClickHouse 500, Trino error): stage messages, query errors, server log`,
      value: `${quotes.length} messages quoting at most ${Math.max(...quotes.map((q) => q.length))} characters, none with a control or invisible character or the marker; log: no marker, no run over 200`,
      target: "at most 200 characters quoted, no control characters, nothing beyond the quote anywhere",
    });
  });
});
