import type { QueryResult } from "@connections/core";

/**
 * Where a streamed result's rows go instead of into the answer (a CSV export). The driver still
 * applies max_rows and max_bytes; the sink says when its reader is behind, and the driver then
 * stops reading from the database until `drained()` resolves, so a slow reader holds the
 * database's rows in the database and not in this process.
 */
export interface RowSink {
  /** The result's columns, once, before the first row. */
  columns(columns: QueryResult["columns"]): void;
  /** Takes a row; false when the reader is behind and the driver should pause. */
  row(row: unknown[]): boolean;
  /** Resolves when the reader has caught up. */
  drained(): Promise<void>;
}
