import { AppError } from "@connections/core";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host (name and port) the browser addressed: the proxy's forwarded host, else Host. */
function ownHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() ?? headers.get("host");
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * A state-changing request that a page of another origin made the browser send (cross-site
 * request forgery, riding on the session cookie), as the error to answer it with; else null.
 * Browsers send Origin on every POST; programs send none and authenticate with a key, which a
 * foreign page cannot attach. REST (`/v1`) accepts only access keys, so it is not checked.
 */
export function crossOriginRefusal(method: string, pathname: string, headers: Headers): AppError | null {
  if (SAFE_METHODS.has(method) || pathname.startsWith("/v1/")) return null;
  const origin = headers.get("origin");
  const site = headers.get("sec-fetch-site");
  if (origin === null ? site !== "cross-site" && site !== "same-site" : hostOf(origin) === ownHost(headers)) return null;
  const from = origin === null ? `a ${site} page` : `a page of ${origin.slice(0, 100)}`;
  return new AppError(
    "CROSS_ORIGIN_REFUSED",
    `Refused ${method} ${pathname}: it was sent by ${from}. Changes are accepted only from this service's own pages, or from programs with an access key`,
  );
}
