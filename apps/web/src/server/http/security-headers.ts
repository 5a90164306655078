// Headers every answer carries, and the Content-Security-Policy of pages and of API answers.

export const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  // For browsers without CSP frame-ancestors.
  "x-frame-options": "DENY",
} as const;

/** API answers are data, never documents: nothing may load from them or frame them. */
export const API_HEADERS = {
  ...SECURITY_HEADERS,
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cache-control": "no-store",
} as const;

export const HSTS_HEADER = { key: "strict-transport-security", value: "max-age=31536000" } as const;

/**
 * A page's policy: scripts only with this request's nonce (Next puts it on its own scripts and
 * the inline ones that carry the RSC payload) or loaded by such a script. Inline style attributes
 * (React and Radix set some) cannot run code, so they stay allowed; style elements need the nonce.
 */
export function pageCsp(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The console's and Chat's CSV downloads: they answer data and the REST API's JSON errors, not a page. */
export function isExportPath(pathname: string): boolean {
  return /^\/(connections|chat)\/[^/]+\/export\.csv$/.test(pathname);
}

export function isApiPath(pathname: string): boolean {
  return pathname.startsWith("/v1/") || pathname.startsWith("/api/") || pathname === "/sign-out" || isExportPath(pathname);
}
