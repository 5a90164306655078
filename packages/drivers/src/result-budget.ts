import { DEFAULT_MAX_BYTES, type QueryResult } from "@connections/core";
import { cutRowToFit, type CutValue } from "./cut-row-to-fit.ts";
import { jsonBytes } from "./json-size.ts";
import type { RowSink } from "./row-sink.ts";

type Columns = QueryResult["columns"];

/**
 * Room kept for everything in the answer besides rows and columns: the envelope (REST `{"data":…}`
 * or tRPC's), row_count, truncated, truncated_by, max_bytes, duration_ms.
 */
const ENVELOPE_BYTES = 512;
/** Room per column for a truncated_values entry ({"row":0,"column":…,"bytes":…}). */
const CUT_ENTRY_BYTES = 64;

/**
 * Takes a result's rows as the driver reads them and says when to stop reading: past max_rows,
 * or when the next row would make the JSON answer larger than max_bytes. Rows are measured
 * exactly, as JSON.stringify will write them (UTF-8 bytes, plus the comma between rows).
 * A first row that alone is too large is kept with its largest values cut (see cutRowToFit).
 * The answer stays within max_bytes unless the column list alone is larger.
 * With a sink, rows are measured the same way but handed on instead of kept, and none is cut:
 * a streamed result is whole or stopped.
 */
/** A statement's result as a session returns it: without its duration, with the bytes of its rows as JSON. */
export type SessionResult = Omit<QueryResult, "duration_ms"> & { bytes: number };

export class ResultBudget {
  readonly rows: unknown[][] = [];
  private columns: Columns = [];
  private left: number;
  private truncatedBy: "rows" | "bytes" | undefined;
  private cuts: CutValue[] = [];
  /** The rows kept, as JSON: `[r1,r2]` less its brackets. */
  private rowBytes = 0;
  private count = 0;
  private described = false;
  private behind = false;

  constructor(
    private readonly maxRows: number,
    private readonly maxBytes: number = DEFAULT_MAX_BYTES,
    private readonly sink?: RowSink,
  ) {
    this.left = maxBytes - ENVELOPE_BYTES;
  }

  /** The columns, once known (before the first row). */
  setColumns(columns: Columns): void {
    this.left += jsonBytes(this.columns) - jsonBytes(columns) + CUT_ENTRY_BYTES * (this.columns.length - columns.length);
    this.columns = columns;
    if (!this.described) this.sink?.columns(columns);
    this.described = true;
  }

  /** True when the sink's reader is behind: the driver should pause reading until `drained()`. */
  get waiting(): boolean {
    return this.behind;
  }

  drained(): Promise<void> {
    this.behind = false;
    return this.sink ? this.sink.drained() : Promise.resolve();
  }

  /** Keeps the row if it fits; false means the result is cut here and the driver should stop reading. */
  offer(row: unknown[]): boolean {
    if (this.truncatedBy) return false;
    if (this.count >= this.maxRows) return this.stop("rows");
    const size = jsonBytes(row) + (this.count > 0 ? 1 : 0);
    if (size <= this.left) {
      if (this.sink) this.behind = !this.sink.row(row);
      else this.rows.push(row);
      this.count += 1;
      this.left -= size;
      this.rowBytes += size;
      return true;
    }
    const cut = this.count === 0 && !this.sink ? cutRowToFit(row, this.left) : undefined;
    if (cut) {
      this.rows.push(cut.row);
      this.count = 1;
      this.cuts = cut.cuts;
      this.rowBytes = jsonBytes(cut.row);
    }
    return this.stop("bytes");
  }

  /** True once a limit has cut the result. */
  get stopped(): boolean {
    return this.truncatedBy !== undefined;
  }

  result(): SessionResult {
    return {
      bytes: this.rowBytes,
      columns: this.columns,
      rows: this.rows,
      row_count: this.count,
      truncated: this.truncatedBy !== undefined,
      ...(this.truncatedBy ? { truncated_by: this.truncatedBy } : {}),
      ...(this.truncatedBy === "bytes" ? { max_bytes: this.maxBytes } : {}),
      ...(this.cuts.length > 0 ? { truncated_values: this.cuts } : {}),
    };
  }

  private stop(by: "rows" | "bytes"): false {
    this.truncatedBy = by;
    return false;
  }
}

/** Offers a page of rows in order; false once the budget stops taking them. */
export function offerAll(budget: ResultBudget, rows: readonly unknown[][]): boolean {
  return rows.every((row) => budget.offer(row));
}
