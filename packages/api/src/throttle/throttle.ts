import { LRUCache } from "lru-cache";
import type { ThrottleSettings } from "./throttle-settings.ts";

/** Where sign-in failures, locks and refused calls are logged (the server's structured logger). */
export interface EventLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

// For processes without a server logger (the CLI): one JSON line on stderr, as the server writes.
const stderrLog: EventLog = {
  warn: (fields, message) => process.stderr.write(`${JSON.stringify({ level: "warn", time: Date.now(), ...fields, msg: message })}\n`),
};

/**
 * Slows guessing: the sign-in and network-call limits, and the log their refusals go to. The
 * counters live in the database (ThrottleCounter), so every instance on it shares them.
 */
export class Throttle {
  /** Each call bucket's window start as this process last saw it (see ThrottleCounters.takeToken). */
  readonly callWindows = new LRUCache<string, number>({ max: 5000 });

  constructor(
    readonly settings: ThrottleSettings,
    readonly log: EventLog = stderrLog,
  ) {}
}
