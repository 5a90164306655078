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
  it("keeps audit rows 90 days unless CONNECTIONS_AUDIT_RETENTION_DAYS says otherwise", () => {
    expect(apiEnv({}).auditRetentionDays).toBe(90);
    expect(apiEnv({ CONNECTIONS_AUDIT_RETENTION_DAYS: "365" }).auditRetentionDays).toBe(365);
  });

  it("names every bad variable of one package in one message", () => {
    const error = envError(() =>
      apiEnv({ CONNECTIONS_CALLS_BURST: "lots", CONNECTIONS_MAX_RESULT_BYTES: "64MB", CONNECTIONS_AUDIT_RETENTION_DAYS: "0" }),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^3 settings are invalid:\n/);
    expect(error.message).toContain('CONNECTIONS_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 36,500, not "0"');
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

  it("reads the session pool's settings, 0 sessions per connection turning pooling off, and refuses bad ones", () => {
    expect(
      apiEnv({ CONNECTIONS_SESSIONS_PER_CONNECTION: "0", CONNECTIONS_SESSION_IDLE_SECONDS: "5", CONNECTIONS_MAX_POOLED_SESSIONS: "10" })
        .sessions,
    ).toMatchObject({
      maxPerKey: 0,
      idleMs: 5_000,
      maxTotal: 10,
    });
    const error = envError(() =>
      apiEnv({ CONNECTIONS_SESSIONS_PER_CONNECTION: "65", CONNECTIONS_SESSION_IDLE_SECONDS: "0", CONNECTIONS_MAX_POOLED_SESSIONS: "-1" }),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain('CONNECTIONS_SESSIONS_PER_CONNECTION must be a whole number from 0 (no pooling) to 64, not "65"');
    expect(error.message).toContain('CONNECTIONS_SESSION_IDLE_SECONDS must be a whole number of seconds from 1 to 3600, not "0"');
    expect(error.message).toContain('CONNECTIONS_MAX_POOLED_SESSIONS must be a whole number from 0 to 100000, not "-1"');
  });

  it("gives every setting its default when nothing is set", () => {
    const settings = serverEnv({ DATABASE_URL: "file:/tmp/x.db" });
    expect(settings.db.databaseUrl).toBe("file:/tmp/x.db");
    expect(settings.api).toMatchObject({
      maxConcurrentCalls: 64,
      maxResultBytes: 64 * 1024 * 1024,
      throttle: { calls: { perMinute: 60, burst: 120 } },
      sessions: { maxPerKey: 4, idleMs: 60_000, maxTotal: 256 },
    });
    expect(settings.tunnel.targetPolicy.verdict("169.254.169.254")).toMatch(/denied by default/);
  });
});
