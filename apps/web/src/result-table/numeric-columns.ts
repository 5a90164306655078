import type { QueryResult } from "@connections/core";

// Column types the drivers report for numbers (PostgreSQL, MySQL, ClickHouse, Trino, Vertica).
const NUMERIC_TYPE =
  /^(nullable\()?(u?int\d*|tinyint|smallint|mediumint|int|integer|bigint|hugeint|decimal|numeric|number|real|float\d*|double( precision)?|year)\b/i;

/**
 * Which columns hold numbers, to right-align them: by the reported type, else (for types a driver
 * does not name) when every non-NULL value is a number.
 */
export function numericColumns(result: QueryResult): boolean[] {
  return result.columns.map((column, c) => {
    if (NUMERIC_TYPE.test(column.type)) return true;
    const values = result.rows.map((row) => row[c]).filter((value) => value !== null && value !== undefined);
    return values.length > 0 && values.every((value) => typeof value === "number" || typeof value === "bigint");
  });
}
