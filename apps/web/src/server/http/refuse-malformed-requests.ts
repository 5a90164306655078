import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { AppError } from "@connections/core";
import { pathDecodes, undecodablePathError } from "./undecodable-path.ts";
import { apiErrorAnswer } from "./api-error-response.ts";

export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ALLOWED = new Set<string>(ALLOWED_METHODS);

/** Why Next must not see this request: an unknown method or a path that does not decode; else null. */
function refusal(request: IncomingMessage, pathname: string): { error: AppError; extra: Record<string, string> } | null {
  if (!ALLOWED.has(request.method ?? "")) {
    const error = new AppError("METHOD_NOT_ALLOWED", `${request.method} is not supported: use ${ALLOWED_METHODS.join(", ")}`);
    return { error, extra: { allow: ALLOWED_METHODS.join(", ") } };
  }
  return pathDecodes(pathname) ? null : { error: undecodablePathError(), extra: {} };
}

/**
 * Answers before Next sees them: methods other than ALLOWED_METHODS with 405 (Next builds a fetch
 * Request for every request, the Fetch standard forbids TRACE, so `TRACE /` was a 500 with a
 * stack trace in the log), and paths whose percent-escapes do not decode with 400 (Next answered
 * those with a bare 500 before any route ran). `next start` creates its HTTP server itself, so
 * the check sits on every server's "request" event.
 */
export function refuseMalformedRequests(): void {
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      const pathname = (request.url ?? "/").split("?")[0] ?? "/";
      const refused = refusal(request, pathname);
      if (refused) {
        const { status, headers, body } = apiErrorAnswer(pathname, refused.error, refused.extra);
        response.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
        response.end(request.method === "HEAD" ? undefined : body);
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
