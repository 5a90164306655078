import { NextResponse, type NextRequest } from "next/server";
import { apiErrorResponse } from "~/server/http/api-error-response.ts";
import { crossOriginRefusal } from "~/server/http/cross-origin.ts";
import { isApiPath, pageCsp } from "~/server/http/security-headers.ts";
import { servedOverHttps } from "~/server/http/served-over-https.ts";

/** A page with a fresh nonce in its CSP; Next reads it from the request header and puts it on its scripts. */
function pageWithNonce(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = pageCsp(nonce, servedOverHttps(request.headers));
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

// Changes sent by another origin's page are refused here (the tRPC route refuses those with a
// body). Unknown methods and undecodable paths never get here: see refuse-malformed-requests.ts.
export function proxy(request: NextRequest): Response {
  const { pathname } = new URL(request.url);
  const refused = crossOriginRefusal(request.method, pathname, request.headers);
  if (refused) return apiErrorResponse(pathname, refused);
  return isApiPath(pathname) ? NextResponse.next() : pageWithNonce(request);
}

// Next reads the whole body of every request proxy.ts runs for before the route starts, so API
// requests with a body skip it: their routes cap the body at 1 MiB as they read it. (Next reads
// the matcher at build time, so it must be written out literally.)
export const config = {
  matcher: [
    "/((?!_next/|api/|v1/).*)",
    {
      source: "/api/:path*",
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
    { source: "/api/:path*", has: [{ type: "header", key: "content-length", value: "0" }] },
    {
      source: "/v1/:path*",
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
    { source: "/v1/:path*", has: [{ type: "header", key: "content-length", value: "0" }] },
  ],
};
