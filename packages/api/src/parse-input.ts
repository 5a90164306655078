import type { z } from "zod";
import { AppError } from "@connections/core";

/**
 * For adapters (REST routes, the CLI, server actions): a request part parsed by its schema, or the
 * VALIDATION_FAILED error naming each refused field (under `prefix` when the value is one field).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw AppError.fromZod(parsed.error, prefix);
  return parsed.data;
}
