import type { DatabaseSession } from "@connections/drivers";
import { TunnelError } from "@connections/tunnel";

export interface SessionPoolOptions {
  /** Sessions kept per key (connection or chat connector), busy and idle together; 0 turns pooling off. */
  maxPerKey: number;
  /** An idle session is closed after this long unused. */
  idleMs: number;
  /** Sessions kept by the whole service; past it the least recently used idle one is closed, or the call gets its own. */
  maxTotal: number;
  /** A reset that takes longer means the session is stuck: it is closed instead. */
  resetTimeoutMs: number;
}

/** A session just opened by the caller's `open`, and the path under it (the tunnel). */
export interface OpenedSession {
  session: DatabaseSession;
  /** False once the path is known to be gone. */
  pathAlive(): boolean;
  /** Called when an idle session is lent again: lets the path check itself without delaying the call. */
  reusing?(): void;
}

/** A session lent to one call: give it back with `release` after success, or `destroy` it after any failure. */
export interface SessionLease {
  readonly session: DatabaseSession;
  /** True when this call opened the session (so it logged in); false when it was reused. */
  readonly fresh: boolean;
  release(): void;
  destroy(): void;
}

interface IdleSession {
  opened: OpenedSession;
  timer: NodeJS.Timeout;
  since: number;
}

interface KeyPool {
  version: string;
  idle: IdleSession[];
  /** Sessions counted against the bounds but not idle: being opened, in use or being reset. */
  busy: number;
  /** Of those, the ones being reset. */
  resetting: number;
  waiters: Array<() => void>;
  retired: boolean;
}

/**
 * Logged-in database sessions kept per key, so a query does not log in again (SPEC §13).
 * A key's `version` is a digest of everything the session was opened with (config and secrets):
 * a different version retires the key's sessions, idle ones at once and busy ones when returned.
 * A session is reset before it is lent again, and any failure destroys it rather than returning it.
 */
export class SessionPool {
  private readonly pools = new Map<string, KeyPool>();
  private held = 0;

  constructor(readonly options: SessionPoolOptions) {}

  /**
   * A session for `key`: an idle one (reset already), a new one from `open` while under the bounds,
   * or the next one returned, waiting at most `waitMs`.
   */
  async lease(key: string, version: string, open: () => Promise<OpenedSession>, waitMs: number): Promise<SessionLease> {
    if (this.options.maxPerKey === 0) return this.unpooled(await open());
    const deadline = Date.now() + waitMs;
    for (;;) {
      const pool = this.current(key, version);
      const idle = this.takeIdle(pool);
      if (idle) return this.lent(key, pool, idle, false);
      // A session being reset is a round trip from idle, a new one a login away: wait for it when
      // no earlier waiter has claimed it already.
      if (pool.busy < this.options.maxPerKey && pool.waiters.length >= pool.resetting) {
        if (this.held >= this.options.maxTotal && !this.evictOldestIdle()) {
          this.removeIfEmpty(key, pool);
          return this.unpooled(await open());
        }
        return this.openInto(key, pool, open);
      }
      await this.waitForTurn(pool, deadline);
    }
  }

  /** Closes the key's idle sessions now; busy ones are closed when returned. For config and secret changes and deletion. */
  drop(key: string): void {
    const pool = this.pools.get(key);
    if (pool) this.retire(key, pool);
  }

  closeAll(): void {
    for (const [key, pool] of this.pools) this.retire(key, pool);
  }

  /** Counts, for tests and the bench. */
  stats(key?: string): { keys: number; sessions: number; idle: number } {
    const pools = key ? [this.pools.get(key)].filter((p) => p !== undefined) : [...this.pools.values()];
    const idle = pools.reduce((n, p) => n + p.idle.length, 0);
    return { keys: pools.length, sessions: pools.reduce((n, p) => n + p.busy, idle), idle };
  }

  private current(key: string, version: string): KeyPool {
    const existing = this.pools.get(key);
    if (existing && existing.version === version) return existing;
    if (existing) this.retire(key, existing);
    const pool: KeyPool = { version, idle: [], busy: 0, resetting: 0, waiters: [], retired: false };
    this.pools.set(key, pool);
    return pool;
  }

  private takeIdle(pool: KeyPool): OpenedSession | undefined {
    // Most recently used first, so the others reach the idle limit and close when traffic drops.
    for (let idle = pool.idle.pop(); idle; idle = pool.idle.pop()) {
      clearTimeout(idle.timer);
      if (idle.opened.session.isOpen() && idle.opened.pathAlive()) return idle.opened;
      this.held--;
      void idle.opened.session.close();
    }
    return undefined;
  }

  private async openInto(key: string, pool: KeyPool, open: () => Promise<OpenedSession>): Promise<SessionLease> {
    pool.busy++;
    this.held++;
    try {
      const opened = await open();
      return this.lent(key, pool, opened, true, true);
    } catch (error) {
      this.forget(key, pool);
      throw error;
    }
  }

  private lent(key: string, pool: KeyPool, opened: OpenedSession, fresh: boolean, counted = false): SessionLease {
    if (!counted) pool.busy++;
    if (!fresh) opened.reusing?.();
    let settled = false;
    const settle = (keep: boolean) => {
      if (settled) return;
      settled = true;
      if (keep && !pool.retired) void this.giveBack(key, pool, opened);
      else {
        void opened.session.close();
        this.forget(key, pool);
      }
    };
    return { session: opened.session, fresh, release: () => settle(true), destroy: () => settle(false) };
  }

  private async giveBack(key: string, pool: KeyPool, opened: OpenedSession): Promise<void> {
    pool.resetting++;
    const reusable = opened.session.isOpen() && opened.pathAlive() && (await this.resetWithin(opened.session));
    pool.resetting--;
    if (!reusable || pool.retired) {
      void opened.session.close();
      this.forget(key, pool);
      return;
    }
    pool.busy--;
    const timer = setTimeout(() => this.closeIdle(key, pool, opened), this.options.idleMs);
    timer.unref();
    pool.idle.push({ opened, timer, since: Date.now() });
    pool.waiters.shift()?.();
  }

  private async resetWithin(session: DatabaseSession): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.options.resetTimeoutMs);
    });
    const reset = session.reset().then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([reset, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private closeIdle(key: string, pool: KeyPool, opened: OpenedSession): void {
    const index = pool.idle.findIndex((idle) => idle.opened === opened);
    if (index < 0) return;
    pool.idle.splice(index, 1);
    this.held--;
    void opened.session.close();
    this.removeIfEmpty(key, pool);
  }

  /** A counted session is gone (closed, failed to open, or retired): free its place and let a waiter try. */
  private forget(key: string, pool: KeyPool): void {
    pool.busy--;
    this.held--;
    pool.waiters.shift()?.();
    this.removeIfEmpty(key, pool);
  }

  private removeIfEmpty(key: string, pool: KeyPool): void {
    if (pool.busy === 0 && pool.idle.length === 0 && pool.waiters.length === 0 && this.pools.get(key) === pool) this.pools.delete(key);
  }

  private retire(key: string, pool: KeyPool): void {
    pool.retired = true;
    if (this.pools.get(key) === pool) this.pools.delete(key);
    for (const idle of pool.idle.splice(0)) {
      clearTimeout(idle.timer);
      this.held--;
      void idle.opened.session.close();
    }
    // Waiters try again, on the key's new pool.
    for (const wake of pool.waiters.splice(0)) wake();
  }

  private evictOldestIdle(): boolean {
    let oldest: { key: string; pool: KeyPool; idle: IdleSession } | undefined;
    for (const [key, pool] of this.pools) {
      const idle = pool.idle[0];
      if (idle && (!oldest || idle.since < oldest.idle.since)) oldest = { key, pool, idle };
    }
    if (!oldest) return false;
    clearTimeout(oldest.idle.timer);
    this.closeIdle(oldest.key, oldest.pool, oldest.idle.opened);
    return true;
  }

  private waitForTurn(pool: KeyPool, deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          const index = pool.waiters.indexOf(wake);
          if (index >= 0) pool.waiters.splice(index, 1);
          reject(
            new TunnelError(
              "QUERY_TIMEOUT",
              `All ${this.options.maxPerKey} database sessions of this connection stayed busy until the query's timeout`,
            ),
          );
        },
        Math.max(0, deadline - Date.now()),
      );
      pool.waiters.push(wake);
    });
  }

  /** Outside the bounds: the session serves this call only. */
  private unpooled(opened: OpenedSession): SessionLease {
    const close = () => void opened.session.close();
    return { session: opened.session, fresh: true, release: close, destroy: close };
  }
}
