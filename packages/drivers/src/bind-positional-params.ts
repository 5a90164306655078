import { TunnelError } from "@connections/tunnel";

export type LiteralFormatter = (value: unknown) => string;

/**
 * Replaces each `?` placeholder outside quotes and comments with a literal, for databases whose
 * client binds parameters itself (ClickHouse over HTTP). Counts must match exactly.
 */
export function bindPositionalParams(sql: string, params: readonly unknown[], literal: LiteralFormatter): string {
  let out = "";
  let used = 0;
  let i = 0;
  while (i < sql.length) {
    const end = skipQuotedOrComment(sql, i);
    if (end > i) {
      out += sql.slice(i, end);
      i = end;
    } else if (sql[i] === "?") {
      if (used >= params.length) throw mismatch(countPlaceholders(sql), params.length);
      out += literal(params[used++]);
      i++;
    } else {
      out += sql[i++];
    }
  }
  if (used !== params.length) throw mismatch(used, params.length);
  return out;
}

// Index just past a string, quoted identifier or comment starting at `i`, or `i` if none starts there.
function skipQuotedOrComment(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"' || c === "`") {
    for (let j = i + 1; j < sql.length; j++) {
      if (sql[j] === "\\") j++;
      else if (sql[j] === c) {
        if (sql[j + 1] === c) j++;
        else return j + 1;
      }
    }
    return sql.length;
  }
  if (c === "-" && sql[i + 1] === "-") {
    const newline = sql.indexOf("\n", i);
    return newline === -1 ? sql.length : newline;
  }
  if (c === "/" && sql[i + 1] === "*") {
    const close = sql.indexOf("*/", i + 2);
    return close === -1 ? sql.length : close + 2;
  }
  return i;
}

function countPlaceholders(sql: string): number {
  let count = 0;
  for (let i = 0; i < sql.length;) {
    const end = skipQuotedOrComment(sql, i);
    if (end > i) i = end;
    else if (sql[i++] === "?") count++;
  }
  return count;
}

function mismatch(placeholders: number, given: number): TunnelError {
  return new TunnelError("QUERY_FAILED", `The SQL has ${placeholders} ? placeholder(s) but ${given} params were given`, {
    detail: { reason: "placeholders" },
  });
}
