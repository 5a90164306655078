import { z } from "zod";

/**
 * A procedure's output parser: the result must match its schema, and is sent exactly as the
 * service built it. Not the parsed copy: the public config schemas are a union of non-strict
 * objects, so parsing keeps the first type that fits and drops the fields only later types have
 * (a ClickHouse config read as PostgreSQL's would lose `secure`). A mismatch is a plain Error, so
 * it is logged and answered as INTERNAL, never mistaken for the caller's VALIDATION_FAILED.
 */
export function checkedOutput<S extends z.ZodType>(schema: S): (value: unknown) => z.output<S> {
  return (value) => {
    const checked = schema.safeParse(value);
    if (!checked.success) throw new Error(`The result does not match its output schema: ${z.prettifyError(checked.error)}`);
    return value as z.output<S>;
  };
}
