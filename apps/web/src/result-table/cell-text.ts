/** How a value reads in a cell and on the clipboard: JSON for objects, null for SQL NULL. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// Escapes in the style of PostgreSQL's COPY text format, so a row stays one line of TSV.
const TSV_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One row as tab-separated values: NULL is an empty field; tabs and line breaks inside values are escaped. */
export function rowAsTsv(row: readonly unknown[]): string {
  return row.map((value) => (cellText(value) ?? "").replace(/[\\\t\n\r]/g, (c) => TSV_ESCAPES[c]!)).join("\t");
}

/** A value longer than this, or with a line break, shows its start and an Expand control. */
export const PREVIEW_CHARS = 120;

/** The one-line start of a long value, or null when the whole value fits. */
export function preview(text: string): string | null {
  const firstLine = text.split("\n", 1)[0]!;
  if (firstLine.length === text.length && text.length <= PREVIEW_CHARS) return null;
  return `${firstLine.slice(0, PREVIEW_CHARS)}…`;
}
