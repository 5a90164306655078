import "server-only";
import { AppError, isAppError } from "@connections/core";
import {
  authenticateAccessKey,
  type ConnectionTypes,
  readRestInput,
  type Principal,
  type RestInput,
  type RestInputSchemas,
  type RestRequestParts,
  type ServiceContext,
  withCallerAddress,
} from "@connections/api";
import { logger } from "../logger.ts";
import { requestOrigin } from "../request-origin.ts";
import { services } from "../services.ts";
import { currentUser } from "../session.ts";
import { readJsonBody } from "./read-json-body.ts";

export interface RestCall<S extends RestInputSchemas> {
  ctx: ServiceContext;
  principal: Principal;
  input: RestInput<S>;
  /** The request's headers, for content negotiation. */
  headers: Headers;
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

function restRequestParts(request: Request, route: RouteContext): RestRequestParts {
  return { params: () => route.params, query: new URL(request.url).searchParams, body: () => readJsonBody(request) };
}

/** A route's schemas, or how to get them from the connection types the server serves. */
type DeclaredSchemas<S extends RestInputSchemas> = S | ((types: ConnectionTypes) => S);

/** The caller: the Bearer access key (the API), or the browser's session (the web app's own routes). */
async function authenticate(ctx: ServiceContext, request: Request, auth: "key" | "session"): Promise<Principal> {
  if (auth === "key") return authenticateAccessKey(ctx, request.headers.get("authorization"));
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in again: your session has ended");
  return user;
}

/**
 * Authenticates the caller, parses the declared parts of the request (a refusal is the same
 * 422 VALIDATION_FAILED as everywhere), runs the handler with them, and turns every failure into
 * an error body.
 */
export function restHandler<S extends RestInputSchemas>(
  declared: DeclaredSchemas<S>,
  handler: (call: RestCall<S>) => Promise<Response>,
  auth: "key" | "session" = "key",
) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    try {
      const ctx = await services();
      const principal = withCallerAddress(ctx, await authenticate(ctx, request, auth), requestOrigin(request.headers));
      const schemas = typeof declared === "function" ? declared(ctx.connectionTypes) : declared;
      return await handler({
        ctx,
        principal,
        input: await readRestInput(schemas, restRequestParts(request, route)),
        headers: request.headers,
      });
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
