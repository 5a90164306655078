/**
 * Stable error codes. Clients branch on these, never on messages, so a code is never renamed.
 * Each code has one HTTP status and one tRPC code.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  // A change of destination that would send stored secrets somewhere new: give them again.
  SECRETS_REQUIRED: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  INVALID_JSON: { http: 400, trpc: "PARSE_ERROR" },
  BAD_REQUEST: { http: 400, trpc: "BAD_REQUEST" },
  PAYLOAD_TOO_LARGE: { http: 413, trpc: "PAYLOAD_TOO_LARGE" },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, trpc: "UNSUPPORTED_MEDIA_TYPE" },
  UNAUTHENTICATED: { http: 401, trpc: "UNAUTHORIZED" },
  // A state-changing request sent by a page of another origin (cross-site request forgery). Decided
  // from the request's headers before anything is looked up, so unlike a 403 on a resource it
  // reveals nothing about what exists.
  CROSS_ORIGIN_REFUSED: { http: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { http: 404, trpc: "NOT_FOUND" },
  METHOD_NOT_ALLOWED: { http: 405, trpc: "METHOD_NOT_SUPPORTED" },
  CONFLICT: { http: 409, trpc: "CONFLICT" },
  TOO_BUSY: { http: 429, trpc: "TOO_MANY_REQUESTS" },
  // Too many attempts (sign-in failures, network-reaching calls) in a window: retry after a wait.
  RATE_LIMITED: { http: 429, trpc: "TOO_MANY_REQUESTS" },
  DATABASE_UNREACHABLE: { http: 502, trpc: "BAD_GATEWAY" },
  QUERY_FAILED: { http: 422, trpc: "UNPROCESSABLE_CONTENT" },
  QUERY_TIMEOUT: { http: 504, trpc: "TIMEOUT" },
  // A statement that would change data, on a read-only connection or chat connector.
  READ_ONLY_VIOLATION: { http: 403, trpc: "FORBIDDEN" },
  SECRET_UNREADABLE: { http: 500, trpc: "INTERNAL_SERVER_ERROR" },
  INTERNAL: { http: 500, trpc: "INTERNAL_SERVER_ERROR" },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes of individual field problems, inside `details` of a VALIDATION_FAILED error. */
export const FIELD_ERROR_CODES = [
  "INVALID_VALUE",
  "PRIVATE_KEY_INVALID",
  "PRIVATE_KEY_IS_PUBLIC",
  "PRIVATE_KEY_UNSUPPORTED",
  "PASSPHRASE_REQUIRED",
  "PASSPHRASE_WRONG",
  "PRIVATE_KEY_DSA",
  "SECRET_REQUIRED",
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];
