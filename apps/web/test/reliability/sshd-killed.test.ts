import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delay, recordFigure, trials } from "@connections/testkit";
import { query } from "../support/connections.ts";
import type { ApiResponse } from "../support/http.ts";
import { startPostgresBehindBastion, waitUntilRunning, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";

// R1: sshd killed mid-query. Each trial starts queries that sleep in PostgreSQL, waits until the
// database shows them running, SIGKILLs the bastion (listener and connection processes, as a
// crash would), and requires each query to fail with TUNNEL_LOST within 1 s; after sshd is back,
// the next query must succeed.

const IN_FLIGHT = 3;
const FAIL_WITHIN_MS = 1_000;
/** A call still unanswered this long after the kill counts as hung. */
const HUNG_AFTER_MS = 15_000;

let setup: PostgresBehindBastion;

beforeAll(async () => {
  setup = await startPostgresBehindBastion("sshd-killed");
});

afterAll(async () => {
  await setup?.stop();
});

type Settled = { response: ApiResponse; at: number } | "hung";

describe("R1: the bastion's sshd is killed while queries run", () => {
  it("every in-flight query fails within 1 s with TUNNEL_LOST, no call hangs, and the next query after sshd returns succeeds", async () => {
    const count = trials(100, 3);
    const failTimes: number[] = [];
    let hung = 0;
    for (let trial = 1; trial <= count; trial++) {
      const marker = `r1_trial_${trial}`;
      const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) =>
        query(setup.tenant, setup.id, `select pg_sleep(5), ${i} as ${marker}`).then((response) => ({ response, at: performance.now() })),
      );
      await waitUntilRunning(setup, marker, IN_FLIGHT);
      const killedAt = performance.now();
      await setup.lab.sshd.kill("SIGKILL");
      const outcomes: Settled[] = await Promise.all(
        inFlight.map((call) => Promise.race([call, delay(HUNG_AFTER_MS).then(() => "hung" as const)])),
      );
      for (const outcome of outcomes) {
        if (outcome === "hung") {
          hung++;
          continue;
        }
        expect(outcome.response.status, outcome.response.text).toBe(502);
        expect(outcome.response.body.error).toMatchObject({ code: "DATABASE_UNREACHABLE", details: { code: "TUNNEL_LOST" } });
        failTimes.push(outcome.at - killedAt);
      }
      expect(hung, `hung calls after trial ${trial}`).toBe(0);

      await setup.lab.sshd.restart();
      const next = await query(setup.tenant, setup.id, "select $1::int as trial", [trial]);
      expect(next.status, next.text).toBe(200);
      expect(next.body.data.rows).toEqual([[trial]]);
    }

    failTimes.sort((a, b) => a - b);
    const slowest = failTimes.at(-1)!;
    expect(failTimes).toHaveLength(count * IN_FLIGHT);
    expect(slowest).toBeLessThan(FAIL_WITHIN_MS);
    recordFigure({
      id: "R1",
      measure: `sshd SIGKILLed with ${IN_FLIGHT} queries in flight`,
      value: `${count} trials: ${failTimes.length}/${count * IN_FLIGHT} TUNNEL_LOST, p50 ${failTimes[Math.floor(failTimes.length / 2)]!.toFixed(0)} ms, max ${slowest.toFixed(0)} ms; ${hung} hung; ${count}/${count} next queries ok`,
      target: "all TUNNEL_LOST < 1 s, 0 hung, next query ok",
    });
  });
});
