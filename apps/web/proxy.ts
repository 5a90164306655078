import { pathDecodes, undecodablePathResponse } from "~/server/undecodable-path.ts";

// Next answers a path whose percent-escapes do not decode (`/v1/connections/%E0`) with a bare 500
// before any route runs; this answers it first with a 400 in the API's own error format.
export function proxy(request: Request): Response | undefined {
  const { pathname } = new URL(request.url);
  return pathDecodes(pathname) ? undefined : undecodablePathResponse(pathname);
}

export const config = { matcher: ["/((?!_next/).*)"] };
