import type { z } from "zod";
import { parseInput } from "./parse-input.ts";

/** The parts of a request a REST route reads, each with the schema it must pass. */
export interface RestInputSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

/** Each part a route declared, parsed: the schema's output, defaults applied. */
export type RestInput<S extends RestInputSchemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/** A request's raw parts; the path parameters and the body are read only when a route declares them. */
export interface RestRequestParts {
  params: () => Promise<Record<string, string>>;
  query: URLSearchParams;
  body: () => Promise<unknown>;
}

/**
 * Reads and parses the parts the route declared: path parameters, then the query string, then the
 * JSON body. All before the service runs, so a refused body is a 422 even beside an id no row has
 * (the service's 404), as in tRPC.
 */
export async function readRestInput<S extends RestInputSchemas>(schemas: S, request: RestRequestParts): Promise<RestInput<S>> {
  const input: Partial<Record<keyof RestInputSchemas, unknown>> = {};
  if (schemas.params) input.params = parseInput(schemas.params, await request.params());
  if (schemas.query) input.query = parseInput(schemas.query, Object.fromEntries(request.query));
  if (schemas.body) input.body = parseInput(schemas.body, await request.body());
  return input as RestInput<S>;
}
