import { AppError, type RateLimitDetails } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { ThrottleCounters } from "./throttle-counters.ts";

/**
 * Admits one network-reaching call (a test, an unsaved test, a query, a chat run) of this user or
 * access key, or refuses it with RATE_LIMITED and when to retry. Called after the input is
 * checked, so only calls that would reach the network spend the budget.
 */
export async function admitNetworkCall(ctx: ServiceContext, principal: Principal): Promise<void> {
  const { burst, perMinute } = ctx.throttle.settings.calls;
  const now = new Date();
  const counters = new ThrottleCounters(ctx.db, ctx.throttle.callWindows);
  const result = await counters.takeToken(`calls:${principal.kind}:${principal.id}`, now, burst, 60_000 / perMinute);
  if (result.taken) return;
  const retryAfterS = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  const retryAt = new Date(now.getTime() + retryAfterS * 1000);
  const caller = principal.kind === "user" ? "user" : "access key";
  const details: RateLimitDetails = {
    retry_after_s: retryAfterS,
    retry_at: retryAt.toISOString(),
    limit: perMinute,
    scope: principal.kind,
  };
  ctx.throttle.log.warn(
    { event: "calls_rate_limited", principal: principal.kind, principal_id: principal.id, retry_after_s: retryAfterS },
    "network-reaching call refused",
  );
  throw new AppError(
    "RATE_LIMITED",
    `Too many tests and queries from this ${caller}: at most ${burst} at once, then ${perMinute} a minute. Try again in ${retryAfterS} s.`,
    details,
  );
}
