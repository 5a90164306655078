import { type EnvSource, flagVariable, parseEnv } from "@connections/core";
import { z } from "zod";

// The one place the bench reads process.env.

const benchEnvSchema = z.object({
  /** Fewer rounds and rows: a quick check that every measurement still runs. */
  BENCH_QUICK: flagVariable("BENCH_QUICK"),
});

export type BenchEnv = z.output<typeof benchEnvSchema>;

export function benchEnv(source: EnvSource = process.env): BenchEnv {
  return parseEnv(benchEnvSchema, source);
}
