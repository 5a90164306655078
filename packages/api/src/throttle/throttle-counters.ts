import type { Database } from "@connections/db";
import { isUniqueViolation } from "../prisma-errors.ts";

/** Where a process remembers each bucket's window start (epoch ms). */
export interface KnownWindows {
  get(key: string): number | undefined;
  set(key: string, windowStart: number): unknown;
}

export interface CounterRow {
  key: string;
  count: number;
  windowStart: Date;
  blockedUntil: Date | null;
}

/**
 * ThrottleCounter rows, changed only by single conditional statements (an increment, an update
 * whose WHERE re-checks what was read), so instances sharing a database never lose a count: the
 * database applies concurrent updates of a row one after another and re-evaluates each WHERE.
 */
export class ThrottleCounters {
  /** `windows`: each bucket's window start (epoch ms) as this process last saw it, to spare a read. */
  constructor(
    private readonly db: Database,
    private readonly windows?: KnownWindows,
  ) {}

  read(keys: readonly string[]): Promise<CounterRow[]> {
    return this.db.throttleCounter.findMany({ where: { key: { in: [...keys] } } });
  }

  /** Counts a failure in the window that started at the first one; a window over (and no block running) starts again. */
  async countFailure(key: string, now: Date, windowMs: number): Promise<CounterRow> {
    await this.db.throttleCounter.updateMany({
      where: {
        key,
        windowStart: { lte: new Date(now.getTime() - windowMs) },
        OR: [{ blockedUntil: null }, { blockedUntil: { lte: now } }],
      },
      data: { count: 0, windowStart: now, blockedUntil: null },
    });
    const increment = () =>
      this.db.throttleCounter.upsert({ where: { key }, create: { key, count: 1, windowStart: now }, update: { count: { increment: 1 } } });
    try {
      return await increment();
    } catch (error) {
      // Another instance created the row between this upsert's check and its insert.
      if (!isUniqueViolation(error)) throw error;
      return increment();
    }
  }

  /** Blocks until `until`, never shortening a block already running. */
  async blockUntil(key: string, until: Date): Promise<void> {
    await this.db.throttleCounter.updateMany({
      where: { key, OR: [{ blockedUntil: null }, { blockedUntil: { lt: until } }] },
      data: { blockedUntil: until },
    });
  }

  async clear(key: string): Promise<void> {
    await this.db.throttleCounter.deleteMany({ where: { key } });
  }

  /**
   * A token bucket: `count` is the tokens in use (at most `burst`), one returns every `intervalMs`
   * after `windowStart`. Takes a token, or says in how many ms the next one returns.
   */
  async takeToken(
    key: string,
    now: Date,
    burst: number,
    intervalMs: number,
  ): Promise<{ taken: true } | { taken: false; retryAfterMs: number }> {
    const known = this.windows?.get(key);
    if (known !== undefined && now.getTime() - known < intervalMs) {
      // No token is due back in the window last seen: if the row still has it, reading it and
      // refilling would change nothing, so take at once. Any other row falls through to the read.
      const where = { key, windowStart: new Date(known), count: { lt: burst } };
      if ((await this.db.throttleCounter.updateMany({ where, data: { count: { increment: 1 } } })).count === 1) return { taken: true };
    }
    let row = await this.db.throttleCounter.findUnique({ where: { key } });
    if (!row) {
      try {
        await this.db.throttleCounter.create({ data: { key, count: 1, windowStart: now } });
        this.windows?.set(key, now.getTime());
        return { taken: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        row = await this.db.throttleCounter.findUniqueOrThrow({ where: { key } });
      }
    }
    const returned = Math.floor((now.getTime() - row.windowStart.getTime()) / intervalMs);
    let windowStart = row.windowStart;
    if (returned > 0) {
      windowStart = new Date(row.windowStart.getTime() + returned * intervalMs);
      // Only if no one refilled since the read; calls taken meanwhile only make `count` larger.
      await this.db.throttleCounter.updateMany({
        where: { key, windowStart: row.windowStart },
        data: { count: { decrement: Math.min(returned, row.count) }, windowStart },
      });
    }
    this.windows?.set(key, windowStart.getTime());
    const { count } = await this.db.throttleCounter.updateMany({ where: { key, count: { lt: burst } }, data: { count: { increment: 1 } } });
    if (count === 1) return { taken: true };
    return { taken: false, retryAfterMs: Math.max(0, windowStart.getTime() + intervalMs - now.getTime()) };
  }
}
