import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isAppError } from "@connections/core";
import { appRouter, authenticateAccessKey, type TrpcContext, withCallerAddress } from "@connections/api";
import { apiErrorResponse } from "~/server/http/api-error-response.ts";
import { guardTrpcRequest } from "~/server/http/guard-trpc-request.ts";
import { logger } from "~/server/logger.ts";
import { requestOrigin } from "~/server/request-origin.ts";
import { services } from "~/server/services.ts";
import { currentUser } from "~/server/session.ts";
import { retryAfterMeta } from "~/server/trpc-retry-after.ts";

// An access key in the Authorization header, or else the browser's session cookie.
async function createContext(request: Request): Promise<TrpcContext> {
  const ctx = await services();
  const origin = requestOrigin(request.headers);
  if (!request.headers.get("authorization")) {
    const user = await currentUser();
    if (user) return { services: ctx, principal: withCallerAddress(ctx, user, origin), authError: null };
  }
  try {
    const key = await authenticateAccessKey(ctx, request.headers.get("authorization"));
    return { services: ctx, principal: withCallerAddress(ctx, key, origin), authError: null };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { services: ctx, principal: null, authError: error };
  }
}

async function handler(received: Request): Promise<Response> {
  let request: Request;
  try {
    request = await guardTrpcRequest(received);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return apiErrorResponse(new URL(received.url).pathname, error);
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContext(request),
    responseMeta: (opts) => {
      const meta = retryAfterMeta(opts);
      return { ...meta, headers: { ...meta.headers, "cache-control": "no-store" } };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR" && !isAppError(error.cause))
        logger.error({ err: error.cause, path }, "unhandled tRPC error");
    },
  });
}

export { handler as GET, handler as POST };
