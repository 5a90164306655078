import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigure, startTrinoPeer } from "@connections/testkit";
import { createConnection, query, testConnection } from "../support/connections.ts";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { sendJson, startHttpStandIn, type HttpStandIn } from "../support/http-stand-in.ts";

// SPEC §9 "Drivers never leave their target": a hostile Trino or ClickHouse on 127.0.0.1 points
// the driver elsewhere (a nextUri, a redirect); the elsewhere is a recorder that must see nothing.
const PASSWORD = `stay-on-target-${Math.random().toString(36).slice(2)}`;
const URL_SECRET = "follow-up-token-7f3a";

let tenant: Tenant;
let attacksRefused = 0;
const standIns: HttpStandIn[] = [];

beforeAll(async () => {
  tenant = await newTenant("stay-on-target");
});
afterAll(async () => {
  for (const server of standIns) await server.stop();
});

async function standIn(handler: Parameters<typeof startHttpStandIn>[1], host = "127.0.0.1"): Promise<HttpStandIn> {
  const server = await startHttpStandIn(host, handler);
  standIns.push(server);
  return server;
}

/** Where a hostile server points: another loopback address, or another port on its own. */
const elsewhere = (host: string) => standIn((_, res) => sendJson(res, 200, {}), host);

const hostileTrino = {
  nextUri: (to: HttpStandIn) =>
    standIn((_, res) =>
      sendJson(res, 200, {
        id: "q1",
        infoUri: `${to.url}/ui/query.html?q1`,
        nextUri: `${to.url}/v1/statement/queued/q1/${URL_SECRET}/1?token=${URL_SECRET}`,
        stats: { state: "QUEUED" },
      }),
    ),
  redirect: (to: HttpStandIn) => standIn((_, res) => res.writeHead(307, { location: `${to.url}/v1/statement?token=${URL_SECRET}` }).end()),
};

function trinoConfig(server: HttpStandIn | { port: number }) {
  return { host: "127.0.0.1", port: server.port, user: "analyst", password: PASSWORD, catalog: "memory", schema: "default" };
}

/** The refusal names host:port of where it was sent, never the URL's path, query or the password. */
function expectRefusal(message: string | undefined, to: HttpStandIn) {
  expect(message).toContain(`${to.host}:${to.port}`);
  expect(message).not.toContain(URL_SECRET);
  expect(message).not.toContain(PASSWORD);
}

describe("Trino never follows the server elsewhere", () => {
  for (const [how, start] of Object.entries(hostileTrino)) {
    for (const host of ["127.0.0.2", "127.0.0.1"]) {
      it(`a ${how} to ${host === "127.0.0.2" ? "another loopback address" : "another port"}: the test's query stage and a query fail with QUERY_FAILED; nothing reaches it`, async () => {
        const to = await elsewhere(host);
        const trino = await start(to);
        const id = await createConnection(tenant, "Trino", trinoConfig(trino));

        const diagnosis = await testConnection(tenant, id);
        const failed = diagnosis.stages.find((s) => s.status === "failed");
        expect(failed, JSON.stringify(diagnosis.stages)).toMatchObject({ name: "query", code: "QUERY_FAILED" });
        expectRefusal(failed?.message, to);

        const result = await query(tenant, id, "SELECT 1");
        expect(result.status, result.text).toBe(422);
        expect(result.body.error).toMatchObject({ code: "QUERY_FAILED", details: { stage: "query", code: "QUERY_FAILED" } });
        expectRefusal(result.body.error.message, to);

        // The hostile server was asked (with the credentials); the place it pointed to saw nothing.
        expect(trino.requests().filter((r) => r.method === "POST" && r.authorization?.startsWith("Basic "))).toHaveLength(2);
        expect(to.connections()).toBe(0);
        expect(to.requests()).toEqual([]);
        attacksRefused++;
      });
    }
  }

  it("control: the protocol-faithful Trino peer, whose nextUri is its own address, still answers", async () => {
    const peer = await startTrinoPeer({ auth: { user: "analyst", password: PASSWORD }, pageRows: 1 });
    try {
      const id = await createConnection(tenant, "Trino", trinoConfig(peer));
      expect((await testConnection(tenant, id)).ok).toBe(true);
      const result = await query(tenant, id, "SELECT id FROM items ORDER BY id");
      expect(result.status, result.text).toBe(200);
      expect(result.body.data.rows).toEqual([[1], [2], [3]]);
    } finally {
      await peer.stop();
    }
  });
});

describe("the target policy on the HTTP drivers' own sockets", () => {
  it.each(["Trino", "ClickHouse"])("%s: a query to the cloud metadata address is refused with TARGET_DENIED", async (type) => {
    const id = await createConnection(tenant, type, { host: "169.254.169.254", port: 8080, user: "analyst", password: PASSWORD });
    const result = await query(tenant, id, "SELECT 1");
    expect(result.status, result.text).toBe(502);
    expect(result.body.error).toMatchObject({ code: "DATABASE_UNREACHABLE", details: { code: "TARGET_DENIED" } });
  });
});

describe("ClickHouse never follows a redirect", () => {
  it("a 307 to another loopback address: the test and a query fail; nothing reaches it", async () => {
    const to = await elsewhere("127.0.0.2");
    const clickhouse = await standIn((_, res) => res.writeHead(307, { location: `${to.url}/?token=${URL_SECRET}` }).end());
    const id = await createConnection(tenant, "ClickHouse", {
      host: "127.0.0.1",
      port: clickhouse.port,
      user: "analyst",
      password: PASSWORD,
    });

    const diagnosis = await testConnection(tenant, id);
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.stages.find((s) => s.status === "failed")).toMatchObject({ name: "db_auth" });
    const result = await query(tenant, id, "SELECT 1");
    expect(result.status, result.text).toBeGreaterThanOrEqual(400);
    expect(result.text).not.toContain(PASSWORD);

    expect(clickhouse.requests().length).toBeGreaterThanOrEqual(2);
    expect(to.connections()).toBe(0);
    expect(attacksRefused).toBe(Object.keys(hostileTrino).length * 2);
    recordFigure({
      id: "S2",
      measure: "requests reaching another origin named by a hostile Trino (nextUri, 307; other address, other port) or ClickHouse (307)",
      value: `0 connections, 0 requests over ${Object.keys(hostileTrino).length * 2 + 1} attacks; each refused with QUERY_FAILED naming host:port (Trino)`,
      target: "0: nothing is sent anywhere but the connection's own scheme, host and port",
    });
  });
});
