import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { AppError } from "@connections/core";

/** Whether every percent-escape of a path decodes, as Next must decode it to match a route. */
export function pathDecodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/** A 400 for a path that does not decode, in the format of the API it was meant for. */
export function undecodablePathResponse(pathname: string): Response {
  const error = new AppError("BAD_REQUEST", "The request path has a percent-escape that does not decode (as UTF-8): encode each path segment with encodeURIComponent");
  if (pathname.startsWith("/v1/")) return Response.json(error.toBody(), { status: 400 });
  if (pathname.startsWith("/api/trpc/")) {
    const data = { code: "BAD_REQUEST", httpStatus: 400, path: null, appCode: error.code, details: null };
    return Response.json({ error: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY.BAD_REQUEST, data } }, { status: 400 });
  }
  return new Response(`${error.message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}
