import { type EnvSource, flagVariable, optionalText, parseEnv } from "@connections/core";
import { z } from "zod";

// The one place the bench reads process.env.

const benchEnvSchema = z.object({
  /** Fewer rounds and rows: a quick check that every measurement still runs. */
  BENCH_QUICK: flagVariable("BENCH_QUICK"),
  /** rest-path.ts: CPU-profile each measure's server and write the profiles here. */
  REST_PATH_PROFILE_DIR: optionalText,
});

export type BenchEnv = z.output<typeof benchEnvSchema>;

export function benchEnv(source: EnvSource = process.env): BenchEnv {
  return parseEnv(benchEnvSchema, source);
}
