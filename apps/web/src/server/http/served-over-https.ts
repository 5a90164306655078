// The service runs as plain HTTP behind a TLS-terminating proxy, which must set (not append to)
// X-Forwarded-Proto. Its first value decides whether the browser reached us over HTTPS: then the
// session cookie is Secure and __Host- prefixed and answers carry HSTS. A client that sends the
// header itself over plain HTTP only gets a cookie its browser will not store over HTTP.

/** The X-Forwarded-Proto values that mean HTTPS, as a regular expression for next.config `has`. */
export const FORWARDED_HTTPS_PATTERN = "https(?:\\s*,.*)?";

export function servedOverHttps(headers: Headers): boolean {
  return new RegExp(`^${FORWARDED_HTTPS_PATTERN}$`, "i").test(headers.get("x-forwarded-proto") ?? "");
}
