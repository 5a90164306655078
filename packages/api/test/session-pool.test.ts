import { afterEach, describe, expect, it, vi } from "vitest";
import type { DatabaseSession } from "@connections/drivers";
import { SessionPool, type OpenedSession, type SessionPoolOptions } from "../src/sessions/session-pool.ts";

// The pool's bookkeeping against sessions that record what is done to them; the pool with real
// databases, tunnels and invalidation through the services is in apps/web/test/tunnel/session-pool.test.ts.

interface Recorded extends DatabaseSession {
  id: number;
  resets: number;
  closed: boolean;
  open: boolean;
  pathOpen: boolean;
}

const OPTIONS: SessionPoolOptions = { maxPerKey: 2, idleMs: 60_000, maxTotal: 100, resetTimeoutMs: 1_000 };

function recorder(resetWith: () => Promise<void> = async () => {}) {
  const made: Recorded[] = [];
  const open = async (): Promise<OpenedSession> => {
    const session: Recorded = {
      id: made.length + 1,
      resets: 0,
      closed: false,
      open: true,
      pathOpen: true,
      query: async () => ({ columns: [], rows: [], row_count: 0, truncated: false, bytes: 0 }),
      reset: async () => {
        session.resets++;
        await resetWith();
      },
      isOpen: () => session.open && !session.closed,
      close: async () => {
        session.closed = true;
      },
    };
    made.push(session);
    return { session, pathAlive: () => session.pathOpen };
  };
  return { made, open };
}

/** Lets the pool finish giving a session back (its reset is a promise). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe("SessionPool", () => {
  it("lends a returned session again after resetting it, instead of opening another", async () => {
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    const first = await pool.lease("c1", "v1", open, 1_000);
    expect(first.fresh).toBe(true);
    first.release();
    await settle();
    const second = await pool.lease("c1", "v1", open, 1_000);
    expect(second.fresh).toBe(false);
    expect(second.session).toBe(first.session);
    expect(made).toHaveLength(1);
    expect(made[0]!.resets).toBe(1);
    expect(pool.stats()).toEqual({ keys: 1, sessions: 1, idle: 0 });
  });

  it("a caller arriving while a returned session is being reset waits for it instead of logging in again", async () => {
    let finishReset = () => {};
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder(() => new Promise<void>((resolve) => (finishReset = resolve)));
    (await pool.lease("c1", "v1", open, 1_000)).release();
    const next = pool.lease("c1", "v1", open, 1_000);
    await settle();
    expect(made).toHaveLength(1);
    finishReset();
    expect((await next).session).toBe(made[0]);
  });

  it("a second caller arriving during that reset opens a session of its own rather than queueing behind the first", async () => {
    let finishReset = () => {};
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder(() => new Promise<void>((resolve) => (finishReset = resolve)));
    (await pool.lease("c1", "v1", open, 1_000)).release();
    const first = pool.lease("c1", "v1", open, 1_000);
    const second = await pool.lease("c1", "v1", open, 1_000);
    expect(second.session).toBe(made[1]);
    finishReset();
    expect((await first).session).toBe(made[0]);
  });

  it("asks the path to check itself when it lends an idle session again, not when it opens one", async () => {
    const pool = new SessionPool(OPTIONS);
    let checks = 0;
    const { open } = recorder();
    const checked = async () => ({ ...(await open()), reusing: () => checks++ });
    (await pool.lease("c1", "v1", checked, 1_000)).release();
    expect(checks).toBe(0);
    await settle();
    await pool.lease("c1", "v1", checked, 1_000);
    expect(checks).toBe(1);
  });

  it("keeps keys apart", async () => {
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    (await pool.lease("c1", "v1", open, 1_000)).release();
    await settle();
    const other = await pool.lease("c2", "v1", open, 1_000);
    expect(other.fresh).toBe(true);
    expect(made).toHaveLength(2);
  });

  it("opens at most maxPerKey sessions; the next caller waits for one to come back", async () => {
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    const a = await pool.lease("c1", "v1", open, 1_000);
    await pool.lease("c1", "v1", open, 1_000);
    const waiting = pool.lease("c1", "v1", open, 1_000);
    await settle();
    expect(made).toHaveLength(2);
    a.release();
    const third = await waiting;
    expect(third.session).toBe(a.session);
    expect(made).toHaveLength(2);
  });

  it("gives up waiting at waitMs with QUERY_TIMEOUT, and forgets the waiter", async () => {
    const pool = new SessionPool({ ...OPTIONS, maxPerKey: 1 });
    const { open } = recorder();
    const held = await pool.lease("c1", "v1", open, 1_000);
    await expect(pool.lease("c1", "v1", open, 30)).rejects.toMatchObject({ code: "QUERY_TIMEOUT" });
    held.release();
    await settle();
    expect(pool.stats()).toEqual({ keys: 1, sessions: 1, idle: 1 });
  });

  it("closes a destroyed session and lets a waiter open a new one", async () => {
    const pool = new SessionPool({ ...OPTIONS, maxPerKey: 1 });
    const { made, open } = recorder();
    const failed = await pool.lease("c1", "v1", open, 1_000);
    const waiting = pool.lease("c1", "v1", open, 1_000);
    failed.destroy();
    const next = await waiting;
    expect(made[0]!.closed).toBe(true);
    expect(next.fresh).toBe(true);
    expect(next.session).toBe(made[1]);
    expect(made[0]!.resets).toBe(0);
  });

  it("frees the place of a session that failed to open", async () => {
    const pool = new SessionPool({ ...OPTIONS, maxPerKey: 1 });
    await expect(pool.lease("c1", "v1", () => Promise.reject(new Error("refused")), 1_000)).rejects.toThrow("refused");
    expect(pool.stats()).toEqual({ keys: 0, sessions: 0, idle: 0 });
    const { open } = recorder();
    expect((await pool.lease("c1", "v1", open, 1_000)).fresh).toBe(true);
  });

  it("closes a session whose reset fails or hangs instead of lending it", async () => {
    for (const resetWith of [() => Promise.reject(new Error("in a transaction")), () => new Promise<void>(() => {})]) {
      const pool = new SessionPool({ ...OPTIONS, resetTimeoutMs: 20 });
      const { made, open } = recorder(resetWith);
      (await pool.lease("c1", "v1", open, 1_000)).release();
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(made[0]!.closed).toBe(true);
      expect(pool.stats()).toEqual({ keys: 0, sessions: 0, idle: 0 });
      expect((await pool.lease("c1", "v1", open, 1_000)).session).toBe(made[1]);
    }
  });

  it("never lends a session whose connection ended or whose tunnel was lost while idle", async () => {
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    const a = await pool.lease("c1", "v1", open, 1_000);
    const b = await pool.lease("c1", "v1", open, 1_000);
    a.release();
    b.release();
    await settle();
    made[0]!.open = false;
    made[1]!.pathOpen = false;
    const next = await pool.lease("c1", "v1", open, 1_000);
    expect(next.session).toBe(made[2]);
    expect(made[0]!.closed && made[1]!.closed).toBe(true);
    expect(pool.stats()).toEqual({ keys: 1, sessions: 1, idle: 0 });
  });

  it("retires a key's sessions when its version changes: idle ones at once, busy ones when returned", async () => {
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    const busy = await pool.lease("c1", "v1", open, 1_000);
    (await pool.lease("c1", "v1", open, 1_000)).release();
    await settle();
    const renewed = await pool.lease("c1", "v2", open, 1_000);
    expect(renewed.fresh).toBe(true);
    expect(made[1]!.closed).toBe(true);
    expect(made[0]!.closed).toBe(false);
    busy.release();
    await settle();
    expect(made[0]!.closed).toBe(true);
    expect(made[0]!.resets).toBe(0);
    expect(pool.stats()).toEqual({ keys: 1, sessions: 1, idle: 0 });
  });

  it("drop closes idle sessions at once and busy ones when returned", async () => {
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    const busy = await pool.lease("c1", "v1", open, 1_000);
    (await pool.lease("c1", "v1", open, 1_000)).release();
    await settle();
    pool.drop("c1");
    expect(made[1]!.closed).toBe(true);
    expect(made[0]!.closed).toBe(false);
    busy.release();
    await settle();
    expect(made[0]!.closed).toBe(true);
    expect(pool.stats()).toEqual({ keys: 0, sessions: 0, idle: 0 });
    expect((await pool.lease("c1", "v1", open, 1_000)).session).toBe(made[2]);
  });

  it("closes a session idle for idleMs and forgets the key", async () => {
    vi.useFakeTimers();
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    (await pool.lease("c1", "v1", open, 1_000)).release();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(made[0]!.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(made[0]!.closed).toBe(true);
    expect(pool.stats()).toEqual({ keys: 0, sessions: 0, idle: 0 });
  });

  it("bounds the sessions of all keys: the oldest idle one is closed, and with none idle a call gets its own", async () => {
    const pool = new SessionPool({ ...OPTIONS, maxTotal: 2 });
    const { made, open } = recorder();
    (await pool.lease("c1", "v1", open, 1_000)).release();
    await settle();
    const c2 = await pool.lease("c2", "v1", open, 1_000);
    const c3 = await pool.lease("c3", "v1", open, 1_000);
    expect(made[0]!.closed).toBe(true);
    expect(pool.stats()).toEqual({ keys: 2, sessions: 2, idle: 0 });
    const extra = await pool.lease("c4", "v1", open, 1_000);
    expect(extra.fresh).toBe(true);
    extra.release();
    await settle();
    expect(made[3]!.closed).toBe(true);
    expect(made[3]!.resets).toBe(0);
    expect(pool.stats()).toEqual({ keys: 2, sessions: 2, idle: 0 });
    c2.release();
    c3.release();
    await settle();
    expect(pool.stats()).toEqual({ keys: 2, sessions: 2, idle: 2 });
  });

  it("with maxPerKey 0 every call opens its own session and closes it", async () => {
    const pool = new SessionPool({ ...OPTIONS, maxPerKey: 0 });
    const { made, open } = recorder();
    (await pool.lease("c1", "v1", open, 1_000)).release();
    (await pool.lease("c1", "v1", open, 1_000)).release();
    await settle();
    expect(made.map((s) => s.closed)).toEqual([true, true]);
    expect(pool.stats()).toEqual({ keys: 0, sessions: 0, idle: 0 });
  });

  it("closeAll closes every idle session", async () => {
    const pool = new SessionPool(OPTIONS);
    const { made, open } = recorder();
    (await pool.lease("c1", "v1", open, 1_000)).release();
    (await pool.lease("c2", "v1", open, 1_000)).release();
    await settle();
    pool.closeAll();
    expect(made.every((s) => s.closed)).toBe(true);
    expect(pool.stats()).toEqual({ keys: 0, sessions: 0, idle: 0 });
  });
});
