import { describe, expect, it } from "vitest";
import { cutRowToFit, startThatFits } from "../src/cut-row-to-fit.ts";
import { jsonBytes } from "../src/json-size.ts";
import { offerAll, ResultBudget } from "../src/result-budget.ts";

const COLUMNS = [{ name: "v", type: "text" }];
// What the answer's JSON takes: the REST envelope around the result as the server writes it.
// The answer as the API writes it: `bytes` stays on the server, for the audit log.
const answerBytes = (budget: ResultBudget) => {
  const { bytes: _auditOnly, ...result } = budget.result();
  return Buffer.byteLength(JSON.stringify({ data: { ...result, duration_ms: 123456.78 } }));
};

describe("ResultBudget", () => {
  it("keeps every row of a result within both limits and says it is not truncated", () => {
    const budget = new ResultBudget(10, 4096);
    budget.setColumns(COLUMNS);
    expect(offerAll(budget, [["a"], ["b"]])).toBe(true);
    expect(budget.result()).toEqual({
      columns: COLUMNS,
      rows: [["a"], ["b"]],
      row_count: 2,
      truncated: false,
      bytes: '["a"],["b"]'.length,
    });
  });

  it("cuts at max_rows only when one more row exists", () => {
    const budget = new ResultBudget(2, 4096);
    budget.setColumns(COLUMNS);
    expect(offerAll(budget, [["a"], ["b"]])).toBe(true);
    expect(budget.offer(["c"])).toBe(false);
    expect(budget.result()).toMatchObject({ row_count: 2, truncated: true, truncated_by: "rows" });
    expect(budget.result().max_bytes).toBeUndefined();
  });

  it("cuts at a row boundary before the answer would pass max_bytes, counting multi-byte text as UTF-8", () => {
    const row = ["é".repeat(100)]; // 200 bytes of UTF-8 plus quotes and brackets
    const budget = new ResultBudget(100_000, 4096);
    budget.setColumns(COLUMNS);
    let kept = 0;
    while (budget.offer(row)) kept++;
    expect(budget.result()).toMatchObject({ truncated: true, truncated_by: "bytes", max_bytes: 4096, row_count: kept });
    expect(budget.rows.every((r) => r[0] === row[0])).toBe(true);
    expect(answerBytes(budget)).toBeLessThanOrEqual(4096);
    // The kept rows fill the space: one more would not fit beside the 512 bytes kept for the envelope.
    expect(answerBytes(budget) + jsonBytes(row) + 1).toBeGreaterThan(4096 - 512);
  });

  it("cuts a first row that cannot fit whole and lists each cut value with its full size", () => {
    const huge = "x".repeat(50_000);
    const budget = new ResultBudget(10, 4096);
    budget.setColumns([
      { name: "id", type: "integer" },
      { name: "body", type: "text" },
      { name: "doc", type: "jsonb" },
    ]);
    expect(budget.offer([7, huge, { big: huge }])).toBe(false);
    const result = budget.result();
    expect(result).toMatchObject({ row_count: 1, truncated: true, truncated_by: "bytes" });
    expect(result.rows[0]![0]).toBe(7);
    expect(huge.startsWith(result.rows[0]![1] as string)).toBe(true);
    expect(JSON.stringify({ big: huge }).startsWith(result.rows[0]![2] as string)).toBe(true);
    expect(result.truncated_values).toEqual([
      { row: 0, column: 1, bytes: jsonBytes(huge) },
      { row: 0, column: 2, bytes: jsonBytes({ big: huge }) },
    ]);
    expect(answerBytes(budget)).toBeLessThanOrEqual(4096);
  });

  it("stops before a later row that is too large, without cutting it", () => {
    const budget = new ResultBudget(10, 4096);
    budget.setColumns(COLUMNS);
    expect(budget.offer(["small"])).toBe(true);
    expect(budget.offer(["x".repeat(10_000)])).toBe(false);
    expect(budget.result()).toMatchObject({ rows: [["small"]], truncated_by: "bytes" });
    expect(budget.result().truncated_values).toBeUndefined();
  });
});

describe("startThatFits", () => {
  it("never splits a surrogate pair and counts escapes", () => {
    expect(startThatFits("😀😀😀", jsonBytes("😀") + 2)).toBe("😀");
    expect(jsonBytes(startThatFits('"\n"\n"\n', 8))).toBeLessThanOrEqual(8);
  });

  it("gives undefined when even empty values cannot fit", () => {
    expect(cutRowToFit(["x".repeat(100), "y".repeat(100)], 4)).toBeUndefined();
  });
});

describe("ResultBudget with a sink (a streamed result)", () => {
  function recordingSink(room: number) {
    const seen: { columns: unknown[]; rows: unknown[][] } = { columns: [], rows: [] };
    let drains = 0;
    return {
      seen,
      drains: () => drains,
      sink: {
        columns: (columns: unknown[]) => seen.columns.push(columns),
        row: (row: unknown[]) => seen.rows.push(row) < room,
        drained: async () => void (drains += 1),
      },
    };
  }

  it("hands rows on instead of keeping them, counts them, and gives the columns once", () => {
    const { seen, sink } = recordingSink(100);
    const budget = new ResultBudget(10, 4096, sink);
    budget.setColumns(COLUMNS);
    budget.setColumns(COLUMNS);
    expect(offerAll(budget, [["a"], ["b"]])).toBe(true);
    expect(seen).toEqual({ columns: [COLUMNS], rows: [["a"], ["b"]] });
    expect(budget.result()).toMatchObject({ rows: [], row_count: 2, truncated: false, bytes: '["a"],["b"]'.length });
  });

  it("says when the reader is behind, until the driver waits for it", async () => {
    const { sink, drains } = recordingSink(2);
    const budget = new ResultBudget(10, 4096, sink);
    budget.setColumns(COLUMNS);
    budget.offer(["a"]);
    expect(budget.waiting).toBe(false);
    budget.offer(["b"]);
    expect(budget.waiting).toBe(true);
    await budget.drained();
    expect([budget.waiting, drains()]).toEqual([false, 1]);
  });

  it("stops at max_bytes without cutting a value: a streamed result is whole or stopped", () => {
    const { seen, sink } = recordingSink(100);
    const budget = new ResultBudget(10, 700, sink);
    budget.setColumns(COLUMNS);
    expect(budget.offer(["x".repeat(1000)])).toBe(false);
    expect(seen.rows).toEqual([]);
    expect(budget.result()).toMatchObject({ row_count: 0, truncated: true, truncated_by: "bytes" });
    expect(budget.result()).not.toHaveProperty("truncated_values");
  });
});
