import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delay, networkLabAvailable, recordFigure, type NetworkLab } from "@connections/testkit";
import { DEFAULT_KEEPALIVE, keepaliveBudgetMs } from "@connections/tunnel";
import { query } from "../support/connections.ts";
import { api, type ApiResponse } from "../support/http.ts";
import { startPostgresBehindBastion, waitUntilRunning, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";

// R2: a network partition. The bastion's link is set down inside the test's own namespace: packets
// are dropped and neither end hears anything, the case only keepalives and timers can detect.
// The engine's defaults are under test: 45 s of silence ends the connection.

const KEEPALIVE_BUDGET_MS = keepaliveBudgetMs(DEFAULT_KEEPALIVE);
const FORWARD_TIMEOUT_MS = 10_000;
const TCP_TIMEOUT_MS = 10_000;
/** Timers fire on a loaded 2-core machine; a response also needs its HTTP round trip. */
const SLACK_MS = 2_000;

let setup: PostgresBehindBastion;
let network: NetworkLab;

beforeAll(async () => {
  if (!networkLabAvailable()) return;
  setup = await startPostgresBehindBastion("partition");
  network = setup.lab.network!;
});

afterAll(async () => {
  await network?.setBastionLink("up").catch(() => {});
  await setup?.stop();
});

/** A call and how long after `since` it answered. */
async function timed(call: Promise<ApiResponse>, since: number): Promise<{ response: ApiResponse; ms: number }> {
  const response = await call;
  return { response, ms: performance.now() - since };
}

describe.runIf(networkLabAvailable())("R2: the bastion's link goes down", () => {
  it("in-flight calls end by their own timeout or by keepalives, new calls fail within their stage timeouts, and calls succeed again once the link returns", async () => {
    expect((await query(setup.tenant, setup.id, "select 1")).status).toBe(200);
    const start = performance.now();
    const longQuery = timed(query(setup.tenant, setup.id, "select pg_sleep(300), 'r2_long'", [], { timeout_ms: 300_000 }), start);
    const shortQuery = timed(query(setup.tenant, setup.id, "select pg_sleep(300), 'r2_short'", [], { timeout_ms: 5_000 }), start);
    await waitUntilRunning(setup, "r2_", 2);

    const downAt = performance.now();
    await network.setBastionLink("down");
    await delay(1_000);
    const newQueryAt = performance.now();
    const newQuery = await timed(query(setup.tenant, setup.id, "select 2"), newQueryAt);
    const newTestAt = performance.now();
    const newTest = await timed(api("POST", `/v1/connections/${setup.id}/test`, { key: setup.tenant.key }), newTestAt);
    const [long, short] = await Promise.all([longQuery, shortQuery]);
    const detectedMs = long.ms - (downAt - start);

    // The short query's own timeout ends it, though the database's answer cannot arrive.
    expect(short.response.status, short.response.text).toBe(504);
    expect(short.response.body.error.code).toBe("QUERY_TIMEOUT");
    expect(short.ms).toBeLessThan(5_000 + SLACK_MS);

    // A new query over the connection not yet known dead: it reuses a pooled session, whose quiet
    // tunnel is asked for a keepalive answer; none comes within the forward timeout, so the tunnel
    // is lost (a new session's channel open would time out the same).
    expect(newQuery.response.status, newQuery.response.text).toBe(502);
    expect(["FORWARD_TIMEOUT", "TUNNEL_LOST"]).toContain(newQuery.response.body.error.details.code);
    expect(newQuery.ms).toBeLessThan(FORWARD_TIMEOUT_MS + SLACK_MS);

    // A test opens its own SSH connection: the bastion does not answer TCP.
    expect(newTest.response.status).toBe(200);
    const failed = newTest.response.body.data.stages.find((s: { status: string }) => s.status === "failed");
    expect(failed).toMatchObject({ name: "tcp" });
    expect(["TCP_TIMEOUT", "TCP_UNREACHABLE"]).toContain(failed.code);
    expect(newTest.ms).toBeLessThan(TCP_TIMEOUT_MS + SLACK_MS);

    // The long query has no timer of its own: it ends when the tunnel is found lost, by that
    // unanswered keepalive or by the periodic ones.
    expect(long.response.status, long.response.text).toBe(502);
    expect(long.response.body.error.details.code).toBe("TUNNEL_LOST");
    expect(detectedMs).toBeLessThan(KEEPALIVE_BUDGET_MS + SLACK_MS);

    await network.setBastionLink("up");
    const upAt = performance.now();
    let recovered: ApiResponse | undefined;
    while (performance.now() - upAt < 30_000) {
      recovered = await query(setup.tenant, setup.id, "select 3");
      if (recovered.status === 200) break;
      await delay(250);
    }
    const recoveryMs = performance.now() - upAt;
    expect(recovered?.status, recovered?.text).toBe(200);
    expect(recovered!.body.data.rows).toEqual([[3]]);

    recordFigure({
      id: "R2",
      measure: "bastion link down: in-flight query (an unanswered keepalive ends the tunnel)",
      value: `TUNNEL_LOST after ${(detectedMs / 1000).toFixed(1)} s`,
      target: `≤ ${KEEPALIVE_BUDGET_MS / 1000} s`,
    });
    recordFigure({
      id: "R2",
      measure: "bastion link down: calls with their own timeouts",
      value: `query timeout_ms 5 s → QUERY_TIMEOUT in ${(short.ms / 1000).toFixed(1)} s; new query → ${newQuery.response.body.error.details.code} in ${(newQuery.ms / 1000).toFixed(1)} s; new test → ${failed.code} in ${(newTest.ms / 1000).toFixed(1)} s`,
      target: "each within its timeout + 2 s",
    });
    recordFigure({
      id: "R2",
      measure: "link back up: first successful query",
      value: `after ${(recoveryMs / 1000).toFixed(1)} s`,
      target: "succeeds (≤ 30 s)",
    });
  }, 150_000);
});
