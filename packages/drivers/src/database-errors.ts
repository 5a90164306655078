import { TunnelError } from "@connections/tunnel";
import { quoteServerText } from "./quote-server-text.ts";

// Node's TLS failures, by code: the database's certificate, its name, or the handshake itself.
const TLS_ERROR_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ECONNRESET_DURING_TLS",
]);

export function isTlsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (TLS_ERROR_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_"));
}

/** `caField` is the config field holding the trusted CA, so the hint names what to fix. */
export function tlsFailed(error: Error, host: string, caField = "ssl.ca"): TunnelError {
  return new TunnelError(
    "db_tls",
    "DB_TLS_FAILED",
    `TLS with the database failed: ${quoteServerText(error.message)}`,
    `Check the TLS settings: the CA (${caField}) must have signed the database's certificate, and for full verification the certificate must name ${host}`,
  );
}

/** Errors from the socket layer before the database answered: direct reach, or already typed by the tunnel. */
export function transportFailed(error: unknown, host: string, port: number): TunnelError | undefined {
  if (TunnelError.is(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") return new TunnelError("tcp", "TCP_REFUSED", `${host}:${port} refused the connection`, "Check the database host and port, and that the database is running");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new TunnelError("dns", "DNS_FAILED", `${host} does not resolve`, "Check the database host name");
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT") {
    return new TunnelError("tcp", "TCP_UNREACHABLE", `${host}:${port} is unreachable (${code})`, "The database is not reachable from this service; if it is in a private network, add an ssh_tunnel");
  }
  return undefined;
}

export function authFailed(message: string, user: string): TunnelError {
  return new TunnelError("db_auth", "DB_AUTH_FAILED", `The database refused the login: ${quoteServerText(message)}`, `Check user (${user}) and password, and that the user may connect to this database`);
}

/** `message` is the database's own text: it is quoted (cut and cleaned), never passed on whole. */
export function queryFailed(message: string): TunnelError {
  return new TunnelError("query", "QUERY_FAILED", quoteServerText(message), "Fix the SQL; the database's message says what it rejected");
}

export function queryTimedOut(timeoutMs: number): TunnelError {
  return new TunnelError("query", "QUERY_TIMEOUT", `The query did not finish within ${timeoutMs} ms and was cancelled`, "Raise timeout_ms, or make the query cheaper");
}

export function connectTimedOut(timeoutMs: number): TunnelError {
  return new TunnelError("db_auth", "DB_TIMEOUT", `The database did not complete the login within ${timeoutMs} ms`, "The database is reachable but slow to answer; check its load and connection limits");
}
