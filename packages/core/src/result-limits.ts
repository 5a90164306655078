import { z } from "zod";

const MIB = 1024 * 1024;

/** max_bytes when a query does not give one (lowered by the server's ceiling, if that is lower). */
export const DEFAULT_MAX_BYTES = 10 * MIB;
/** The most a query may ask for; a server's ceiling can only lower it. */
export const MAX_MAX_BYTES = 64 * MIB;
/** The most rows one query may ask for (max_rows), for a CSV export too. */
export const MAX_ROWS_LIMIT = 100_000;
/** Below this not even the result's column list and counts would fit. */
export const MIN_MAX_BYTES = 1024;

export const maxBytesSchema = z
  .int({ error: "must be a whole number of bytes" })
  .min(MIN_MAX_BYTES, `must be at least ${MIN_MAX_BYTES} bytes`)
  .max(MAX_MAX_BYTES, `must be at most ${MAX_MAX_BYTES} bytes (64 MiB)`);

export const truncatedBySchema = z
  .enum(["rows", "bytes"])
  .describe("Present only when truncated: which limit cut the result, max_rows or max_bytes");

export const truncatedValueSchema = z
  .object({
    row: z.int().describe("Index in rows (always 0: only a first row that cannot fit whole has its values cut)"),
    column: z.int().describe("Index in columns"),
    bytes: z.int().describe("JSON size of the whole value, in bytes"),
  })
  .describe("A value cut to fit max_bytes: it is now a string, the start of the value's text (or of its JSON, for non-strings)");
