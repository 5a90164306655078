import { stringify } from "csv-stringify";
import type { QueryResult } from "@connections/core";
import type { RowSink } from "@connections/drivers";

// Rows are sent in pieces of about this size: one HTTP chunk per row would cost more than the row.
const PIECE_BYTES = 64 * 1024;
// How much CSV may wait for a slow reader before the database is asked to wait instead.
const QUEUED_BYTES = 1024 * 1024;

/**
 * A result's rows as RFC 4180 CSV (comma, double quotes doubled, CRLF), the column names first.
 * A cell is the value as the JSON answer has it, as text: a string itself, null empty, anything
 * else its JSON (numbers, booleans, objects; dates as ISO text).
 */
export class CsvSink implements RowSink {
  private readonly stringifier = stringify({
    record_delimiter: "\r\n",
    cast: {
      boolean: (value) => String(value),
      date: (value) => value.toISOString(),
      object: (value) => JSON.stringify(value),
    },
  });
  private piece: Buffer[] = [];
  private pieceBytes = 0;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private cancelled = false;
  private waiters: Array<() => void> = [];
  private described = false;
  private describe!: () => void;
  private readonly onDescribed = new Promise<void>((resolve) => (this.describe = resolve));
  /** The CSV text, for a Response body; a reader that falls behind makes the rows wait (see drained). */
  readonly body = new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        this.controller = controller;
      },
      pull: () => this.wake(),
      cancel: () => {
        // The reader went away: the statement still runs to its end (within max_rows, max_bytes and
        // timeout_ms), its rows dropped, so its session goes back to the pool clean.
        this.cancelled = true;
        this.wake();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: QUEUED_BYTES }),
  );

  constructor() {
    this.stringifier.on("data", (chunk: Buffer) => {
      this.piece.push(chunk);
      this.pieceBytes += chunk.length;
      if (this.pieceBytes >= PIECE_BYTES) this.send();
    });
    this.stringifier.on("end", () => {
      this.send();
      if (!this.cancelled) this.controller.close();
    });
  }

  /** Resolves once the header line is written (the statement has begun its result). */
  whenDescribed(): Promise<void> {
    return this.onDescribed;
  }

  columns(columns: QueryResult["columns"]): void {
    if (this.described) return;
    this.described = true;
    this.stringifier.write(columns.map((column) => column.name));
    this.describe();
  }

  row(row: unknown[]): boolean {
    if (this.cancelled) return true;
    this.stringifier.write(row);
    return (this.controller.desiredSize ?? 0) > 0;
  }

  drained(): Promise<void> {
    // null: the stream has ended or failed, and nothing will ever be read again.
    const room = this.controller.desiredSize;
    if (this.cancelled || room === null || room > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  end(): void {
    this.stringifier.end();
  }

  /** Ends the text with an error, so the reader's transfer fails instead of looking complete. */
  fail(error: Error): void {
    this.stringifier.destroy();
    if (!this.cancelled) this.controller.error(error);
    this.wake();
  }

  private send(): void {
    if (this.pieceBytes === 0) return;
    if (!this.cancelled) this.controller.enqueue(Buffer.concat(this.piece, this.pieceBytes));
    this.piece = [];
    this.pieceBytes = 0;
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
