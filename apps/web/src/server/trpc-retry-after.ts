import "server-only";
import type { TRPCError } from "@trpc/server";
import { isAppError } from "@connections/core";

/**
 * tRPC's responseMeta: a Retry-After header when a call was refused for coming too often or while
 * too much runs (the longest wait of a batch). A streamed response's headers leave before any
 * result, so there the error's `details.retry_after_s` is what says when.
 */
export function retryAfterMeta({ errors }: { errors: TRPCError[] }): { headers?: Record<string, string> } {
  const waits = errors.flatMap(({ cause }) =>
    isAppError(cause) && cause.details && "retry_after_s" in cause.details ? [cause.details.retry_after_s] : [],
  );
  return waits.length > 0 ? { headers: { "retry-after": String(Math.max(...waits)) } } : {};
}
