// SQL literals for client-side parameter binding. Only JSON scalars reach here (the query schema
// allows strings, numbers, booleans and null), so every value has one safe spelling.

function scalar(value: unknown, quote: (text: string) => string, bool: (b: boolean) => string): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return bool(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("numbers must be finite");
    return String(value);
  }
  return quote(String(value));
}

/** ClickHouse: backslash escapes inside single quotes; no boolean type on older servers. */
export const clickhouseLiteral = (value: unknown): string =>
  scalar(
    value,
    (text) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
    (b) => (b ? "1" : "0"),
  );

/** Trino: standard SQL strings, where a quote is doubled and backslash is an ordinary character. */
export const trinoLiteral = (value: unknown): string =>
  scalar(
    value,
    (text) => `'${text.replace(/'/g, "''")}'`,
    (b) => (b ? "true" : "false"),
  );
