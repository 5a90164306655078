import { classifySocketError, TunnelError } from "@connections/tunnel";
import { quoteServerText } from "./quote-server-text.ts";

/** `caField` is the config field holding the trusted CA, so the hint names what to fix. */
export function tlsFailed(error: Error, host: string, caField = "ssl.ca"): TunnelError {
  return new TunnelError("DB_TLS_FAILED", `TLS with the database failed: ${quoteServerText(error.message)}`, {
    cause: error,
    detail: { caField, host },
  });
}

/** Errors from the socket layer before the database answered: direct reach, or already typed by the tunnel. */
export function transportFailed(error: unknown, host: string, port: number): TunnelError | undefined {
  if (TunnelError.is(error)) return error;
  const socket = classifySocketError(error);
  if (!socket) return undefined;
  const options = { cause: error, detail: { peer: "database_driver" } } as const;
  if (socket.code === "TCP_REFUSED") return new TunnelError("TCP_REFUSED", `${host}:${port} refused the connection`, options);
  if (socket.code === "DNS_FAILED") return new TunnelError("DNS_FAILED", `${host} does not resolve`, options);
  return new TunnelError("TCP_UNREACHABLE", `${host}:${port} is unreachable (${socket.errno})`, options);
}

export function authFailed(message: string, user: string, cause?: unknown): TunnelError {
  return new TunnelError("DB_AUTH_FAILED", `The database refused the login: ${quoteServerText(message)}`, { cause, detail: { user } });
}

/** `message` is the database's own text: it is quoted (cut and cleaned), never passed on whole. */
export function queryFailed(message: string, cause?: unknown): TunnelError {
  return new TunnelError("QUERY_FAILED", quoteServerText(message), { cause });
}

export function queryTimedOut(timeoutMs: number): TunnelError {
  return new TunnelError("QUERY_TIMEOUT", `The query did not finish within ${timeoutMs} ms and was cancelled`);
}

/** A write refused on a read-only connection: by the database's own read-only session, or by us before sending. */
export function readOnlyViolation(message: string, by: "database" | "service", cause?: unknown): TunnelError {
  return new TunnelError("READ_ONLY_VIOLATION", by === "database" ? quoteServerText(message) : message, { cause, detail: { by } });
}
