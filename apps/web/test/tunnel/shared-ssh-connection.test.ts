import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query } from "../support/connections.ts";
import { startPostgresBehindBastion, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";

let setup: PostgresBehindBastion;

beforeAll(async () => {
  setup = await startPostgresBehindBastion("pooling");
});

afterAll(async () => {
  await setup?.stop();
});

/** Samples sshd's live connection count while `work` runs; returns the most seen at once. */
async function peakSshConnections<T>(work: Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = setup.lab.sshd.connectionCount();
  const sampler = setInterval(() => (peak = Math.max(peak, setup.lab.sshd.connectionCount())), 10);
  try {
    return { result: await work, peak };
  } finally {
    clearInterval(sampler);
  }
}

describe("one shared SSH connection per bastion", () => {
  it("runs 50 concurrent queries over a single SSH connection, all correct", async () => {
    const { result, peak } = await peakSshConnections(
      Promise.all(Array.from({ length: 50 }, (_, i) => query(setup.tenant, setup.id, "select $1::int as n, pg_sleep(0.2)", [i]))),
    );
    expect(result.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(result.map((r) => r.body.data.rows[0][0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(peak).toBe(1);
    expect(setup.lab.sshd.connectionCount()).toBe(1);
  });
});
