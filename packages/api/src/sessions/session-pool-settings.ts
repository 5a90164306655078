import { wholeNumberVariable } from "@connections/core";
import type { z } from "zod";
import type { SessionPoolOptions } from "./session-pool.ts";

export const SESSIONS_PER_CONNECTION_VARIABLE = "CONNECTIONS_SESSIONS_PER_CONNECTION";
export const SESSION_IDLE_SECONDS_VARIABLE = "CONNECTIONS_SESSION_IDLE_SECONDS";
export const MAX_POOLED_SESSIONS_VARIABLE = "CONNECTIONS_MAX_POOLED_SESSIONS";

/** CONNECTIONS_SESSIONS_PER_CONNECTION: database sessions kept per connection or chat connector (default 4; 0 = none kept). */
export const sessionsPerConnectionVariable = wholeNumberVariable({
  min: 0,
  max: 64,
  fallback: 4,
  problem: (text) => `${SESSIONS_PER_CONNECTION_VARIABLE} must be a whole number from 0 (no pooling) to 64, not "${text}"`,
});

/** CONNECTIONS_SESSION_IDLE_SECONDS: an unused pooled session is closed after this long (default 60). */
export const sessionIdleSecondsVariable = wholeNumberVariable({
  min: 1,
  max: 3600,
  fallback: 60,
  problem: (text) => `${SESSION_IDLE_SECONDS_VARIABLE} must be a whole number of seconds from 1 to 3600, not "${text}"`,
});

/** CONNECTIONS_MAX_POOLED_SESSIONS: pooled sessions of the whole process, every connection together (default 256). */
export const maxPooledSessionsVariable = wholeNumberVariable({
  min: 0,
  max: 100_000,
  fallback: 256,
  problem: (text) => `${MAX_POOLED_SESSIONS_VARIABLE} must be a whole number from 0 to 100000, not "${text}"`,
});

// A reset is one short statement; longer means the session is stuck.
const RESET_TIMEOUT_MS = 5_000;

export const sessionPoolEnvShape = {
  [SESSIONS_PER_CONNECTION_VARIABLE]: sessionsPerConnectionVariable,
  [SESSION_IDLE_SECONDS_VARIABLE]: sessionIdleSecondsVariable,
  [MAX_POOLED_SESSIONS_VARIABLE]: maxPooledSessionsVariable,
};

export function sessionPoolOptionsOf(env: z.output<z.ZodObject<typeof sessionPoolEnvShape>>): SessionPoolOptions {
  return {
    maxPerKey: env[SESSIONS_PER_CONNECTION_VARIABLE],
    idleMs: env[SESSION_IDLE_SECONDS_VARIABLE] * 1000,
    maxTotal: env[MAX_POOLED_SESSIONS_VARIABLE],
    resetTimeoutMs: RESET_TIMEOUT_MS,
  };
}
