import { type EnvSource, parseEnv } from "@connections/core";
import { z } from "zod";

// The one place this app reads process.env; the packages it uses read theirs in their own env.ts.

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const webEnvSchema = z.object({
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const level = text?.trim() || "info";
      if ((LOG_LEVELS as readonly string[]).includes(level)) return level as (typeof LOG_LEVELS)[number];
      ctx.addIssue({ code: "custom", message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${text}"` });
      return z.NEVER;
    }),
});

export type WebEnv = z.output<typeof webEnvSchema>;

/** This app's settings; an EnvError lists every bad value. */
export function webEnv(source: EnvSource = process.env): WebEnv {
  return parseEnv(webEnvSchema, source);
}
