// Lexical helpers over SQL text: split a simple-query string into statements and count `?`
// placeholders. Both need to skip quoted strings, quoted identifiers and comments, so they share
// one scanner. Vertica uses bare `?` placeholders (vertica-nodejs sends the text untouched), which
// SQLite also accepts natively, so no placeholder rewriting is needed.

interface Piece {
  text: string;
  /** Whether the piece holds anything other than whitespace and comments. */
  hasCode: boolean;
  placeholders: number;
}

function scan(sql: string): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  let hasCode = false;
  let placeholders = 0;
  let i = 0;
  const close = (end: number) => {
    pieces.push({ text: sql.slice(start, end).trim(), hasCode, placeholders });
    hasCode = false;
    placeholders = 0;
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (ch === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      // Quotes escape themselves by doubling ('it''s', "a""b").
      hasCode = true;
      i++;
      while (i < sql.length) {
        if (sql[i] === ch) {
          if (sql[i + 1] === ch) i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (ch === ";") {
      close(i);
      start = ++i;
    } else {
      if (ch === "?") placeholders++;
      if (!/\s/.test(ch)) hasCode = true;
      i++;
    }
  }
  close(sql.length);
  return pieces;
}

/** Statements of a simple-query string, without empty or comment-only ones. */
export function splitStatements(sql: string): string[] {
  return scan(sql)
    .filter((p) => p.hasCode)
    .map((p) => p.text);
}

/** Number of `?` placeholders outside strings, identifiers and comments. */
export function countPlaceholders(sql: string): number {
  return scan(sql).reduce((n, p) => n + p.placeholders, 0);
}

/**
 * Vertica's command tag: the leading keyword, or two for DDL ("CREATE TABLE"); no row count.
 * WITH … SELECT reports SELECT; VALUES reports SELECT, as a query.
 */
export function commandTag(statement: string): string {
  const words = statement
    .replace(/^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, "")
    .split(/[\s(]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
  const first = words[0] ?? "";
  if (first === "WITH" || first === "VALUES") return "SELECT";
  if (["CREATE", "DROP", "ALTER"].includes(first)) {
    const object = words
      .slice(1)
      .find((w) => !["OR", "REPLACE", "TEMP", "TEMPORARY", "LOCAL", "GLOBAL", "UNIQUE", "IF", "NOT", "EXISTS"].includes(w));
    return object ? `${first} ${object}` : first;
  }
  if (first === "START" || first === "BEGIN") return "BEGIN";
  if (first === "END") return "COMMIT";
  return first;
}
