import type { QueryResult } from "@connections/core";

const MB = 1024 * 1024;

/** What to tell about a cut result: which limit cut it, and which values were cut; null when nothing was cut. */
export function truncationNotice(result: QueryResult): string | null {
  if (!result.truncated) return null;
  const shown = `Showing the first ${result.row_count} ${result.row_count === 1 ? "row" : "rows"}`;
  const cutValues = result.truncated_values?.length
    ? `; ${result.truncated_values.length === 1 ? "1 value was" : `${result.truncated_values.length} values were`} cut to fit (marked ✂)`
    : "";
  if (result.truncated_by === "bytes" && result.max_bytes !== undefined) {
    return `${shown}: the result was cut at ${formatMb(result.max_bytes)} MB (max_bytes)${cutValues}.`;
  }
  return `${shown}: the result has more rows (max_rows).`;
}

function formatMb(bytes: number): string {
  return (Math.round((bytes / MB) * 100) / 100).toString();
}

/** Whether the value at row r, column c was cut to fit max_bytes. */
export function wasCut(result: QueryResult, r: number, c: number): boolean {
  return result.truncated_values?.some((v) => v.row === r && v.column === c) ?? false;
}
