import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, migrate, type Database } from "@connections/db";
import { ThrottleCounters } from "../src/throttle/throttle-counters.ts";

const dir = mkdtempSync(join(tmpdir(), "api-throttle-"));
const url = `file:${join(dir, "t.db")}`;
// Two clients on one file: two server instances sharing a database.
let dbs: Database[] = [];

beforeAll(async () => {
  await migrate(url);
  dbs = [createPrismaClient(url), createPrismaClient(url)];
});

afterAll(async () => {
  await Promise.all(dbs.map((db) => db.$disconnect()));
  rmSync(dir, { recursive: true, force: true });
});

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe("ThrottleCounters", () => {
  it("token bucket: concurrent takers on two clients get exactly the burst, then one token per interval", async () => {
    const counters = dbs.map((db) => new ThrottleCounters(db));
    const taken = await Promise.all(Array.from({ length: 50 }, (_, i) => counters[i % 2]!.takeToken("calls:t", at(0), 20, 1000)));
    expect(taken.filter((t) => t.taken)).toHaveLength(20);
    expect(taken.find((t) => !t.taken)).toEqual({ taken: false, retryAfterMs: 1000 });
    const later = await Promise.all(Array.from({ length: 10 }, (_, i) => counters[i % 2]!.takeToken("calls:t", at(3500), 20, 1000)));
    expect(later.filter((t) => t.taken)).toHaveLength(3);
    expect(later.find((t) => !t.taken)).toEqual({ taken: false, retryAfterMs: 500 });
    // Idle for long: the bucket is full again, never fuller.
    const refilled = await Promise.all(Array.from({ length: 30 }, () => counters[0]!.takeToken("calls:t", at(3_600_000), 20, 1000)));
    expect(refilled.filter((t) => t.taken)).toHaveLength(20);
  });

  it("token bucket with each client remembering the window it saw: the same tokens, whoever refills", async () => {
    const counters = dbs.map((db) => new ThrottleCounters(db, new Map<string, number>()));
    const take = (n: number, ms: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => counters[i % 2]!.takeToken("calls:w", at(ms), 20, 1000)));
    const first = await take(50, 0);
    expect(first.filter((t) => t.taken)).toHaveLength(20);
    expect(first.find((t) => !t.taken)).toEqual({ taken: false, retryAfterMs: 1000 });
    // Still inside the first window: the remembered window is right, and the bucket is empty.
    expect(await counters[0]!.takeToken("calls:w", at(999), 20, 1000)).toEqual({ taken: false, retryAfterMs: 1 });
    const later = await take(10, 3500);
    expect(later.filter((t) => t.taken)).toHaveLength(3);
    expect(later.find((t) => !t.taken)).toEqual({ taken: false, retryAfterMs: 500 });
    // One client refills; the other's remembered window is older and must not take past the burst.
    expect(await counters[0]!.takeToken("calls:w", at(4200), 20, 1000)).toEqual({ taken: true });
    expect(await counters[1]!.takeToken("calls:w", at(4300), 20, 1000)).toEqual({ taken: false, retryAfterMs: 700 });
    // A row that is gone (or changed) is not taken from by its remembered window: it starts again.
    await counters[0]!.clear("calls:w");
    const fresh = await take(21, 4400);
    expect(fresh.filter((t) => t.taken)).toHaveLength(20);
  });

  it("failure counts: concurrent failures on two clients all count, the window restarts, a block only grows", async () => {
    const counters = dbs.map((db) => new ThrottleCounters(db));
    const rows = await Promise.all(Array.from({ length: 12 }, (_, i) => counters[i % 2]!.countFailure("sign-in:x", at(0), 60_000)));
    expect(rows.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await counters[0]!.blockUntil("sign-in:x", at(100_000));
    await counters[1]!.blockUntil("sign-in:x", at(10_000));
    expect((await counters[0]!.read(["sign-in:x"]))[0]!.blockedUntil).toEqual(at(100_000));
    // The window is over but the block is not: counting goes on; once both are over, it restarts.
    expect((await counters[0]!.countFailure("sign-in:x", at(70_000), 60_000)).count).toBe(13);
    expect(await counters[1]!.countFailure("sign-in:x", at(110_000), 60_000)).toMatchObject({
      count: 1,
      windowStart: at(110_000),
      blockedUntil: null,
    });
    await counters[1]!.clear("sign-in:x");
    expect(await counters[0]!.read(["sign-in:x"])).toEqual([]);
  });
});
