import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { ERROR_CODES, type AppError } from "@connections/core";
import { API_HEADERS, isExportPath } from "./security-headers.ts";

interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An error answered before any route runs, in the format of the API the path belongs to. */
export function apiErrorAnswer(pathname: string, error: AppError, extra: Record<string, string> = {}): ErrorAnswer {
  const status = error.httpStatus;
  const trpc = pathname.startsWith("/api/trpc/");
  if (trpc || pathname.startsWith("/v1/") || isExportPath(pathname)) {
    const body = JSON.stringify(trpc ? trpcErrorBody(error) : error.toBody());
    return { status, headers: { ...API_HEADERS, ...extra, "content-type": "application/json" }, body };
  }
  return { status, headers: { ...API_HEADERS, ...extra, "content-type": "text/plain; charset=utf-8" }, body: `${error.message}\n` };
}

export function apiErrorResponse(pathname: string, error: AppError): Response {
  const { status, headers, body } = apiErrorAnswer(pathname, error);
  return new Response(body, { status, headers });
}

/** tRPC's error envelope, with our code and details as the router's errorFormatter adds them. */
function trpcErrorBody(error: AppError) {
  const trpcCode = ERROR_CODES[error.code].trpc;
  const data = { code: trpcCode, httpStatus: error.httpStatus, path: null, appCode: error.code, details: error.details ?? null };
  return { error: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY[trpcCode], data } };
}
