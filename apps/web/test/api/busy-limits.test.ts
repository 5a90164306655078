import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigure } from "@connections/testkit";
import { createConnection } from "../support/connections.ts";
import { newTenant, projectSnapshot, type Tenant } from "../support/fixtures.ts";
import { api, type ApiResponse } from "../support/http.ts";

// The server's default bound: 64 tests and queries at once per project.
const LIMIT = 64;

// A "database" that accepts connections and never answers, so each call holds its slot until the
// test hangs up.
let silent: Server;
let port = 0;
const held = new Set<Socket>();
let busy: Tenant;
let other: Tenant;
let busyId: string;
let otherId: string;

beforeAll(async () => {
  silent = createServer((socket) => {
    held.add(socket);
    socket.once("close", () => held.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  port = (silent.address() as { port: number }).port;
  busy = await newTenant("busy");
  other = await newTenant("other");
  const config = { host: "127.0.0.1", port, database: "app", user: "u", password: "p" };
  busyId = await createConnection(busy, "PostgreSQL", config, "silent-db");
  otherId = await createConnection(other, "PostgreSQL", config, "silent-db");
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until exactly `count` database connections are held, and stay so (the TCP probes are gone). */
async function holding(count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (held.size === count) {
      await pause(200);
      if (held.size === count) return;
    }
    await pause(25);
  }
  expect(held.size).toBe(count);
}

describe("bounded work per project", () => {
  it("refuses calls beyond the bound with 429 and Retry-After, leaves other projects alone, and admits again once work ends", async () => {
    const before = await projectSnapshot(busy.projectId);
    const running: Array<Promise<ApiResponse>> = [];
    for (let i = 0; i < LIMIT; i++) running.push(api("POST", `/v1/connections/${busyId}/test`, { key: busy.key }));
    // Every admitted call is now waiting on the silent database.
    await holding(LIMIT);

    const refused = await Promise.all([
      api("POST", `/v1/connections/${busyId}/test`, { key: busy.key }),
      api("POST", `/v1/connections/${busyId}/query`, { key: busy.key, body: { sql: "select 1" } }),
    ]);
    for (const response of refused) {
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("2");
      expect(response.body.error).toMatchObject({
        code: "TOO_BUSY",
        message: expect.stringContaining(`${LIMIT} tests and queries are already running for this project`),
        details: { retry_after_s: 2, limit: LIMIT },
      });
    }

    // Another project has its own budget.
    const otherCall = api("POST", `/v1/connections/${otherId}/test`, { key: other.key });
    await holding(LIMIT + 1);

    for (const socket of held) socket.destroy();
    const answered = await Promise.all(running);
    expect(answered.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    expect(answered.every((r) => r.body.data.ok === false)).toBe(true);
    expect((await otherCall).status).toBe(200);

    // Slots are free again.
    const again = api("POST", `/v1/connections/${busyId}/test`, { key: busy.key });
    await holding(1);
    for (const socket of held) socket.destroy();
    expect((await again).status).toBe(200);
    // Refused calls wrote nothing; admitted tests only recorded their result.
    const after = JSON.parse(await projectSnapshot(busy.projectId))[0];
    expect({ ...after, lastTestAt: null, lastTestOk: null, lastTestStage: null, lastTestCode: null }).toEqual({
      ...JSON.parse(before)[0],
      lastTestAt: null,
      lastTestOk: null,
      lastTestStage: null,
      lastTestCode: null,
    });
    recordFigure({
      id: "bounded work",
      measure: `${LIMIT} tests held on a silent database, then more`,
      value: `test and query beyond ${LIMIT} → 429 TOO_BUSY, Retry-After: 2; another project admitted; admitted again once work ended`,
      target: "429 + Retry-After past the bound",
    });
  }, 60_000);
});
