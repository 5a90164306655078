import "server-only";
import { AppError, isAppError } from "@connections/core";
import { authenticateAccessKey, type Principal, type ServiceContext } from "@connections/api";
import { logger } from "../logger.ts";
import { services } from "../services.ts";

export interface RestCall {
  request: Request;
  ctx: ServiceContext;
  principal: Principal;
  params: Record<string, string>;
}

type Handler = (call: RestCall) => Promise<Response>;
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

/** Authenticates the Bearer key, runs the handler, and turns every failure into an error body. */
export function restHandler(handler: Handler) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    try {
      const ctx = await services();
      const principal = await authenticateAccessKey(ctx, request.headers.get("authorization"));
      return await handler({ request, ctx, principal, params: await route.params });
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
