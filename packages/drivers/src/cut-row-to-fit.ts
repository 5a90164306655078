import { jsonBytes } from "./json-size.ts";

export interface CutValue {
  row: number;
  column: number;
  /** JSON size of the whole value. */
  bytes: number;
}

/**
 * A row too large for `available` bytes with its largest values cut until it fits: each cut value
 * becomes the longest start of its text (its JSON text, for non-strings) that fits. Undefined when
 * even empty strings would not fit.
 */
export function cutRowToFit(row: readonly unknown[], available: number): { row: unknown[]; cuts: CutValue[] } | undefined {
  const sizes = row.map(jsonBytes);
  let total = jsonBytes([]) + Math.max(row.length - 1, 0) + sizes.reduce((a, b) => a + b, 0);
  const cut = [...row];
  const cuts: CutValue[] = [];
  const largestFirst = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  for (const column of largestFirst) {
    if (total <= available) break;
    const size = sizes[column]!;
    const value = row[column];
    const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
    cut[column] = startThatFits(text, Math.max(size - (total - available), jsonBytes("")));
    total += jsonBytes(cut[column]) - size;
    cuts.push({ row: 0, column, bytes: size });
  }
  return total <= available ? { row: cut, cuts: cuts.sort((a, b) => a.column - b.column) } : undefined;
}

/** The longest start of `text` whose JSON string takes at most `bytes`; never splits a surrogate pair. */
export function startThatFits(text: string, bytes: number): string {
  // Every character takes at least one byte, so this start is an upper bound; shrink it in proportion.
  let length = Math.min(text.length, bytes);
  for (;;) {
    if (length > 0 && isHighSurrogate(text.charCodeAt(length - 1))) length--;
    const start = text.slice(0, length);
    const size = jsonBytes(start);
    if (size <= bytes || length === 0) return start;
    length = Math.min(length - 1, Math.floor((length * bytes) / size));
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
