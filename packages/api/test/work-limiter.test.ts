import { describe, expect, it } from "vitest";
import { isAppError } from "@connections/core";
import { apiEnv, WorkLimiter } from "../src/index.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("WorkLimiter", () => {
  it("runs up to the bound per scope, refuses the next with TOO_BUSY, and frees the slot when work ends or fails", async () => {
    const limiter = new WorkLimiter(2);
    const gate = deferred();
    const first = limiter.run("project:a", "project", () => gate.promise);
    const second = limiter.run("project:a", "project", () => Promise.reject(new Error("db down")));
    await expect(second).rejects.toThrow("db down");
    const third = limiter.run("project:a", "project", () => gate.promise);
    const refused = await limiter.run("project:a", "project", async () => "ran").catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe("TOO_BUSY");
    expect(isAppError(refused) && refused.details).toEqual({ retry_after_s: 2, limit: 2 });
    expect(await limiter.run("project:b", "project", async () => "other scope")).toBe("other scope");
    gate.resolve();
    await Promise.all([first, third]);
    expect(await limiter.run("project:a", "project", async () => "free again")).toBe("free again");
  });

  it("reads its bound from CONNECTIONS_MAX_CONCURRENT_CALLS and rejects a bad one by name", () => {
    expect(apiEnv({ CONNECTIONS_MAX_CONCURRENT_CALLS: "4" }).maxConcurrentCalls).toBe(4);
    expect(apiEnv({}).maxConcurrentCalls).toBe(64);
    expect(() => apiEnv({ CONNECTIONS_MAX_CONCURRENT_CALLS: "lots" })).toThrow(
      /CONNECTIONS_MAX_CONCURRENT_CALLS must be a positive integer/,
    );
  });
});
