import { type EnvSource, parseEnv, readAllEnv } from "@connections/core";
import { dbEnv } from "@connections/db";
import { tunnelEnv } from "@connections/tunnel";
import { z } from "zod";
import { agentEnvShape, agentSettingsOf } from "./agents/agent-env.ts";
import { AUDIT_RETENTION_VARIABLE, auditRetentionDaysVariable } from "./audit/audit-retention.ts";
import { cacheEnvShape, cacheSettingsOf } from "./caches/cache-settings.ts";
import { MAX_RESULT_BYTES_VARIABLE, maxResultBytesVariable } from "./limits/result-byte-ceiling.ts";
import { MAX_CONCURRENT_VARIABLE, maxConcurrentVariable } from "./limits/work-limiter.ts";
import { sessionPoolEnvShape, sessionPoolOptionsOf } from "./sessions/session-pool-settings.ts";
import { throttleEnvShape, throttleSettingsOf } from "./throttle/throttle-settings.ts";

// The one place this package reads process.env.

const apiEnvSchema = z
  .object({
    [MAX_CONCURRENT_VARIABLE]: maxConcurrentVariable,
    [MAX_RESULT_BYTES_VARIABLE]: maxResultBytesVariable,
    [AUDIT_RETENTION_VARIABLE]: auditRetentionDaysVariable,
    ...throttleEnvShape,
    ...sessionPoolEnvShape,
    ...cacheEnvShape,
    ...agentEnvShape,
  })
  .transform((env) => ({
    maxConcurrentCalls: env[MAX_CONCURRENT_VARIABLE],
    maxResultBytes: env[MAX_RESULT_BYTES_VARIABLE],
    auditRetentionDays: env[AUDIT_RETENTION_VARIABLE],
    throttle: throttleSettingsOf(env),
    sessions: sessionPoolOptionsOf(env),
    caches: cacheSettingsOf(env),
    agents: agentSettingsOf(env),
  }));

export type ApiEnv = z.output<typeof apiEnvSchema>;

/** This package's own limits; an EnvError lists every bad value. */
export function apiEnv(source: EnvSource = process.env): ApiEnv {
  return parseEnv(apiEnvSchema, source);
}

/** Everything a server process configures: the database, the target policy and the limits, checked together. */
export function serverEnv(source: EnvSource = process.env) {
  return readAllEnv({ db: () => dbEnv(source), tunnel: () => tunnelEnv(source), api: () => apiEnv(source) });
}

export type ServerEnv = ReturnType<typeof serverEnv>;
