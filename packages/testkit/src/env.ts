import { type EnvSource, flagVariable, optionalText, parseEnv } from "@connections/core";
import { z } from "zod";

// The one place this package reads process.env.

const testkitEnvSchema = z.object({
  /** Where recordFigure appends (set by `npm run test:reliability`). */
  CONNECTIONS_FIGURES_FILE: optionalText,
  /** Full trial counts (`npm run test:soak` / `test:reliability`). */
  CONNECTIONS_SOAK: flagVariable("CONNECTIONS_SOAK"),
});

export type TestkitEnv = z.output<typeof testkitEnvSchema>;

/** Read at each call: the reliability runner sets these for the test processes it starts. */
export function testkitEnv(source: EnvSource = process.env): TestkitEnv {
  return parseEnv(testkitEnvSchema, source);
}

/** This process's whole environment, for a child process (a server under test) to inherit. */
export function inheritedEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
