import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvSink } from "../src/export/csv-sink.ts";

const COLUMNS = [
  { name: "id", type: "int4" },
  { name: "note, with comma", type: "text" },
];

async function text(sink: CsvSink): Promise<string> {
  return new Response(sink.body).text();
}

describe("CsvSink", () => {
  it("writes RFC 4180: header first, CRLF, quotes doubled, line breaks and commas quoted; cells as the JSON answer's values", async () => {
    const sink = new CsvSink();
    sink.columns(COLUMNS);
    sink.row([1, 'say "hi", then\r\nleave']);
    sink.row([2.5, null]);
    sink.row([true, { a: [1, "b,c"] }]);
    sink.row([false, new Date("2026-12-04T10:00:00.000Z")]);
    sink.end();
    const csv = await text(sink);
    expect(csv).toBe(
      'id,"note, with comma"\r\n1,"say ""hi"", then\r\nleave"\r\n2.5,\r\ntrue,"{""a"":[1,""b,c""]}"\r\nfalse,2026-12-04T10:00:00.000Z\r\n',
    );
    expect(parse(csv)).toEqual([
      ["id", "note, with comma"],
      ["1", 'say "hi", then\r\nleave'],
      ["2.5", ""],
      ["true", '{"a":[1,"b,c"]}'],
      ["false", "2026-12-04T10:00:00.000Z"],
    ]);
  });

  it("asks the driver to wait once a megabyte waits for the reader, and lets it go on when the reader reads", async () => {
    const sink = new CsvSink();
    sink.columns(COLUMNS);
    const row = [1, "x".repeat(1000)];
    let taken = 0;
    while (sink.row(row)) taken += 1;
    // The queue's limit, give or take the piece still being filled.
    expect(taken * 1005).toBeGreaterThan(1024 * 1024);
    expect(taken * 1005).toBeLessThan(1024 * 1024 + 128 * 1024);
    let drained = false;
    const waiting = sink.drained().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(drained).toBe(false);
    const reader = sink.body.getReader();
    while (!drained) {
      await reader.read();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waiting;
    expect(drained).toBe(true);
  });

  it("a failure ends the text with an error; a reader that went away never holds the driver", async () => {
    const failed = new CsvSink();
    failed.columns(COLUMNS);
    failed.row([1, "a"]);
    failed.fail(new Error("cut by max_rows"));
    await expect(text(failed)).rejects.toThrow("cut by max_rows");

    const gone = new CsvSink();
    gone.columns(COLUMNS);
    await gone.body.cancel();
    expect(gone.row([1, "x".repeat(2 * 1024 * 1024)])).toBe(true);
    await expect(gone.drained()).resolves.toBeUndefined();
  });
});
