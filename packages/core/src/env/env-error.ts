import type { z } from "zod";

/** The environment variables a process reads, as given (process.env or a test's record). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Bad configuration, every problem at once: an operator fixes them all in one go instead of
 * restarting once per variable. Each problem names the variable, the value and what is accepted.
 */
export class EnvError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} settings are invalid:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "EnvError";
    this.problems = problems;
  }
}

/** Parses `source` with a schema whose issues are full sentences; throws one EnvError listing them all. */
export function parseEnv<S extends z.ZodType>(schema: S, source: EnvSource): z.output<S> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((issue) => issue.message));
}

/** Reads several packages' settings; throws one EnvError with the problems of all of them. */
export function readAllEnv<T extends Record<string, () => unknown>>(readers: T): { [K in keyof T]: ReturnType<T[K]> } {
  const problems: string[] = [];
  const values: Partial<Record<keyof T, unknown>> = {};
  for (const name of Object.keys(readers) as Array<keyof T>) {
    try {
      values[name] = readers[name]!();
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new EnvError(problems);
  return values as { [K in keyof T]: ReturnType<T[K]> };
}
