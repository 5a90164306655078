import { describe, expect, it } from "vitest";
import { EnvError } from "@connections/core";
import { apiEnv, serverEnv } from "../src/index.ts";

function envError(read: () => unknown): EnvError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error("expected an EnvError");
}

describe("server settings from the environment", () => {
  it("names every bad variable of one package in one message", () => {
    const error = envError(() => apiEnv({ CONNECTIONS_CALLS_BURST: "lots", CONNECTIONS_MAX_RESULT_BYTES: "64MB" }));
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/^2 settings are invalid:\n/);
    expect(error.message).toContain(
      'CONNECTIONS_MAX_RESULT_BYTES must be a whole number of bytes from 1024 to 67108864 (64 MiB), not "64MB"',
    );
    expect(error.message).toContain('CONNECTIONS_CALLS_BURST must be a whole number from 1 to 1,000,000, not "lots"');
  });

  it("names the bad variables of every package the server uses in one message", () => {
    const error = envError(() =>
      serverEnv({ CONNECTIONS_DENY_TARGETS: "db.internal", CONNECTIONS_MAX_CONCURRENT_CALLS: "0", DATABASE_URL: "file:/tmp/x.db" }),
    );
    expect(error.message).toMatch(
      /^2 settings are invalid:\n- CONNECTIONS_DENY_TARGETS: "db.internal" is not an IP address or CIDR range[^\n]*\n- CONNECTIONS_MAX_CONCURRENT_CALLS must be a positive integer, not "0"$/,
    );
  });

  it("keeps a single problem's message as it is", () => {
    expect(envError(() => apiEnv({ CONNECTIONS_CALLS_PER_MINUTE: "0" })).message).toBe(
      'CONNECTIONS_CALLS_PER_MINUTE must be a whole number from 1 to 1,000,000, not "0"',
    );
  });

  it("gives every setting its default when nothing is set", () => {
    const settings = serverEnv({ DATABASE_URL: "file:/tmp/x.db" });
    expect(settings.db.databaseUrl).toBe("file:/tmp/x.db");
    expect(settings.api).toMatchObject({
      maxConcurrentCalls: 64,
      maxResultBytes: 64 * 1024 * 1024,
      throttle: { calls: { perMinute: 60, burst: 120 } },
    });
    expect(settings.tunnel.targetPolicy.verdict("169.254.169.254")).toMatch(/denied by default/);
  });
});
