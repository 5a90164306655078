import { AppError, DEFAULT_MAX_BYTES, MAX_MAX_BYTES, MIN_MAX_BYTES, wholeNumberVariable } from "@connections/core";

export const MAX_RESULT_BYTES_VARIABLE = "CONNECTIONS_MAX_RESULT_BYTES";

/** The server-wide ceiling on max_bytes, from CONNECTIONS_MAX_RESULT_BYTES (bytes; default 64 MiB). */
export const maxResultBytesVariable = wholeNumberVariable({
  min: MIN_MAX_BYTES,
  max: MAX_MAX_BYTES,
  fallback: MAX_MAX_BYTES,
  problem: (text) =>
    `${MAX_RESULT_BYTES_VARIABLE} must be a whole number of bytes from ${MIN_MAX_BYTES} to ${MAX_MAX_BYTES} (64 MiB), not "${text}"`,
});

/** max_bytes for a query: the one asked for, refused above the ceiling; else the default, lowered to the ceiling. */
export function effectiveMaxBytes(requested: number | undefined, ceiling: number): number {
  if (requested === undefined) return Math.min(DEFAULT_MAX_BYTES, ceiling);
  if (requested > ceiling) {
    throw AppError.invalid([
      {
        path: "max_bytes",
        message: `must be at most ${ceiling} bytes on this server (${MAX_RESULT_BYTES_VARIABLE})`,
        code: "INVALID_VALUE",
      },
    ]);
  }
  return requested;
}
