import "server-only";
import type { z } from "zod";
import { AppError, isAppError } from "@connections/core";
import { authenticateAccessKey, parseInput, type Principal, type ServiceContext } from "@connections/api";
import { logger } from "../logger.ts";
import { services } from "../services.ts";
import { readJsonBody } from "./read-json-body.ts";

/** The parts of a request a route reads, each with the schema it must pass. */
export interface RestInputSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

/** Each part a route declared, parsed: the schema's output, defaults applied. */
export type RestInput<S extends RestInputSchemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

export interface RestCall<S extends RestInputSchemas> {
  ctx: ServiceContext;
  principal: Principal;
  input: RestInput<S>;
}

type RouteContext = { params: Promise<Record<string, string>> };

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export function errorResponse(error: AppError): Response {
  const response = json(error.toBody(), error.httpStatus);
  const details = error.details;
  if (details && !Array.isArray(details) && "retry_after_s" in details) response.headers.set("retry-after", String(details.retry_after_s));
  return response;
}

/**
 * Reads and parses the parts the route declared: path parameters, then the query string, then the
 * JSON body. All before the service runs, so a refused body is a 422 even beside an id no row has
 * (the service's 404), as in tRPC.
 */
async function readInput<S extends RestInputSchemas>(schemas: S, request: Request, route: RouteContext): Promise<RestInput<S>> {
  const input: Partial<Record<keyof RestInputSchemas, unknown>> = {};
  if (schemas.params) input.params = parseInput(schemas.params, await route.params);
  if (schemas.query) input.query = parseInput(schemas.query, Object.fromEntries(new URL(request.url).searchParams));
  if (schemas.body) input.body = parseInput(schemas.body, await readJsonBody(request));
  return input as RestInput<S>;
}

/**
 * Authenticates the Bearer key, parses the declared parts of the request (a refusal is the same
 * 422 VALIDATION_FAILED as everywhere), runs the handler with them, and turns every failure into
 * an error body.
 */
export function restHandler<S extends RestInputSchemas>(schemas: S, handler: (call: RestCall<S>) => Promise<Response>) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    try {
      const ctx = await services();
      const principal = await authenticateAccessKey(ctx, request.headers.get("authorization"));
      return await handler({ ctx, principal, input: await readInput(schemas, request, route) });
    } catch (error) {
      if (isAppError(error)) {
        if (error.httpStatus >= 500) logger.error({ code: error.code, path: new URL(request.url).pathname }, error.message);
        return errorResponse(error);
      }
      logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "unhandled error");
      return errorResponse(new AppError("INTERNAL", "Internal error: the failure was logged on the server"));
    }
  };
}
