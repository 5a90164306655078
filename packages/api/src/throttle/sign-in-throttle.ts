import { createHash } from "node:crypto";
import { AppError, type RateLimitDetails } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { addressKey, clientAddress, type RequestOrigin } from "./client-address.ts";
import { type CounterRow, ThrottleCounters } from "./throttle-counters.ts";

type Scope = "account" | "address";

const INCORRECT = "Email or password is incorrect";

interface Counter {
  scope: Scope;
  key: string;
  /** Failures that lock it. */
  limit: number;
}

/** What a sign-in attempt is checked and counted against; `failed` and `succeeded` report its outcome. */
export interface SignInGate {
  failed(reason: "password" | "unknown account"): Promise<AppError>;
  succeeded(): Promise<void>;
}

/**
 * Throttles sign-in per account (the email, known or not, so a lock says nothing about whether
 * it exists) and per client address. The first third of a counter's limit are free; each failure
 * after that blocks it for twice as long as the one before, from 1 s; at the limit it is locked
 * for the lock period. An attempt made while blocked is refused without checking the password,
 * and counts as a failure, so hammering reaches the lock sooner (a locked counter stops counting).
 */
export async function signInGate(ctx: ServiceContext, email: string, origin: RequestOrigin | undefined): Promise<SignInGate> {
  const { settings, log } = ctx.throttle;
  const counters = new ThrottleCounters(ctx.db);
  const address = origin ? clientAddress(origin, settings.trustedProxies) : null;
  const watched: Counter[] = [{ scope: "account", key: `sign-in:account:${sha256(email)}`, limit: settings.signIn.accountFailures }];
  if (address) watched.push({ scope: "address", key: `sign-in:address:${addressKey(address)}`, limit: settings.signIn.addressFailures });
  const fields = { email, client_address: address };

  const countFailure = async (reason: string, unlessLocked: readonly CounterRow[]): Promise<AppError> => {
    const now = new Date();
    const failures: Record<string, number> = {};
    let refusal: AppError | null = null;
    for (const counter of watched) {
      if (unlessLocked.some((row) => row.key === counter.key && isLocked(row, counter, now))) continue;
      const row = await counters.countFailure(counter.key, now, settings.signIn.lockMs);
      failures[`${counter.scope}_failures`] = row.count;
      const blockMs = blockAfter(row.count, counter.limit, settings.signIn.lockMs);
      if (blockMs === 0) continue;
      const until = new Date(now.getTime() + blockMs);
      await counters.blockUntil(counter.key, until);
      if (row.count === counter.limit)
        log.warn(
          { event: "sign_in_locked", scope: counter.scope, ...fields, failures: row.count, locked_until: until.toISOString() },
          `sign-in locked for this ${counter.scope}`,
        );
      refusal = laterOf(refusal, refused(counter, row.count >= counter.limit, until, now));
    }
    log.warn({ event: "sign_in_failed", reason, ...fields, ...failures }, "sign-in failed");
    if (!refusal) return new AppError("UNAUTHENTICATED", INCORRECT);
    // This guess was checked and wrong: say so, and when the next one may come.
    return reason === "throttled" ? refusal : new AppError("RATE_LIMITED", `${INCORRECT}. ${refusal.message}`, refusal.details);
  };

  const now = new Date();
  const rows = await counters.read(watched.map((c) => c.key));
  const blocked = watched.flatMap((counter) => {
    const row = rows.find((r) => r.key === counter.key);
    return row?.blockedUntil && row.blockedUntil > now ? [refused(counter, isLocked(row, counter, now), row.blockedUntil, now)] : [];
  });
  if (blocked.length > 0) {
    const counted = await countFailure("throttled", rows);
    throw blocked.reduce((a, b) => laterOf(a, b), counted);
  }

  return {
    failed: (reason) => countFailure(reason, []),
    // A success clears the account's failures, not the address's (an attacker signing in to
    // their own account must not wipe the count of their guesses at others).
    succeeded: () => counters.clear(watched[0]!.key),
  };
}

function isLocked(row: CounterRow, counter: Counter, now: Date): boolean {
  return row.count >= counter.limit && row.blockedUntil !== null && row.blockedUntil > now;
}

/** How long a counter is blocked after its `failures`-th failure. */
export function blockAfter(failures: number, limit: number, lockMs: number): number {
  if (failures >= limit) return lockMs;
  const free = Math.ceil(limit / 3);
  if (failures <= free) return 0;
  return Math.min(1000 * 2 ** (failures - free - 1), lockMs);
}

function refused(counter: Counter, locked: boolean, until: Date, now: Date): AppError {
  const retryAfterS = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const whose = counter.scope === "account" ? "for this account" : "from your network address";
  const message = locked
    ? `Too many failed sign-ins ${whose}: sign-in is locked. Try again in ${duration(retryAfterS)} (after ${until.toISOString().slice(11, 19)} UTC).`
    : `Too many failed sign-ins ${whose}. Try again in ${duration(retryAfterS)}.`;
  const details: RateLimitDetails = {
    retry_after_s: retryAfterS,
    retry_at: until.toISOString(),
    limit: counter.limit,
    scope: counter.scope,
  };
  return new AppError("RATE_LIMITED", message, details);
}

function laterOf(a: AppError | null, b: AppError): AppError {
  const after = (e: AppError | null) => (e?.details && "retry_after_s" in e.details ? e.details.retry_after_s : -1);
  return after(a) >= after(b) ? a! : b;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
