import { AppError, optionalText } from "@connections/core";
import { z } from "zod";

export const MAX_CONCURRENT_VARIABLE = "CONNECTIONS_MAX_CONCURRENT_CALLS";
// As many as one SSH connection carries channels at once.
const DEFAULT_MAX_CONCURRENT = 64;
// A slot frees when a running test or query ends; most end within a second or two.
const RETRY_AFTER_S = 2;

/** CONNECTIONS_MAX_CONCURRENT_CALLS: tests and queries at once per project or user (default 64). */
export const maxConcurrentVariable = optionalText.transform((text, ctx) => {
  if (text === undefined) return DEFAULT_MAX_CONCURRENT;
  const value = Number(text);
  if (Number.isInteger(value) && value >= 1) return value;
  ctx.addIssue({ code: "custom", message: `${MAX_CONCURRENT_VARIABLE} must be a positive integer, not "${text}"` });
  return z.NEVER;
});

/**
 * Bounds the tests and queries running at once per project (or per user, for chat), so one caller
 * cannot take every socket and SSH session of this process. Excess calls are refused at once
 * (429 with Retry-After) rather than queued, so a client's own timeouts stay meaningful.
 * The bound is per server process.
 */
export class WorkLimiter {
  private readonly running = new Map<string, number>();

  constructor(readonly maxPerScope: number = DEFAULT_MAX_CONCURRENT) {
    if (!Number.isInteger(maxPerScope) || maxPerScope < 1)
      throw new Error(`${MAX_CONCURRENT_VARIABLE} must be a positive integer, not ${maxPerScope}`);
  }

  async run<T>(scope: string, what: string, work: () => Promise<T>): Promise<T> {
    const active = this.running.get(scope) ?? 0;
    if (active >= this.maxPerScope) {
      throw new AppError(
        "TOO_BUSY",
        `${this.maxPerScope} tests and queries are already running for this ${what}; retry in ${RETRY_AFTER_S} s`,
        {
          retry_after_s: RETRY_AFTER_S,
          limit: this.maxPerScope,
        },
      );
    }
    this.running.set(scope, active + 1);
    try {
      return await work();
    } finally {
      const left = (this.running.get(scope) ?? 1) - 1;
      if (left === 0) this.running.delete(scope);
      else this.running.set(scope, left);
    }
  }
}
