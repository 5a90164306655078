import { describe, expect, it } from "vitest";
import { prefersCsv } from "../src/export/prefers-csv.ts";

describe("prefersCsv (Accept negotiation for query results)", () => {
  it.each([
    ["text/csv", true],
    ["TEXT/CSV; charset=utf-8", true],
    ["application/json;q=0.9, text/csv", true],
    ["text/csv;q=0.8, */*;q=0.1", true],
  ])("%s → CSV", (accept, expected) => expect(prefersCsv(accept)).toBe(expected));

  it.each([
    [null, false],
    ["", false],
    ["*/*", false],
    ["application/json", false],
    ["text/csv, application/json", false],
    ["text/csv;q=0.5, application/json", false],
    ["text/csv;q=0", false],
    ["text/csv;q=abc", false],
    ["text/html", false],
  ])("%s → JSON", (accept, expected) => expect(prefersCsv(accept)).toBe(expected));
});
