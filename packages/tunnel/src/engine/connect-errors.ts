import type { StageErrorCode } from "@connections/core";

/** Node's socket and DNS error codes, by the stage error each means. */
const SOCKET_ERROR_CODES: Readonly<Record<string, StageErrorCode>> = {
  ECONNREFUSED: "TCP_REFUSED",
  ENOTFOUND: "DNS_FAILED",
  EAI_AGAIN: "DNS_FAILED",
  EHOSTUNREACH: "TCP_UNREACHABLE",
  ENETUNREACH: "TCP_UNREACHABLE",
  ETIMEDOUT: "TCP_UNREACHABLE",
};

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

function errorCode(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** The stage error a socket or DNS failure means, or undefined when it is not one (a database's own error). */
export function classifySocketError(error: unknown): { code: StageErrorCode; errno: string } | undefined {
  const errno = errorCode(error);
  const code = errno !== undefined && Object.hasOwn(SOCKET_ERROR_CODES, errno) ? SOCKET_ERROR_CODES[errno] : undefined;
  return code && errno ? { code, errno } : undefined;
}

/** Whether Node's TLS layer refused the peer (certificate, name or handshake). */
export function isTlsError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (TLS_ERROR_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_"));
}
