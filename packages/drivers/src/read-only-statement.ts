import { readOnlyViolation } from "./database-errors.ts";

/**
 * Decides, from the SQL text alone, whether a statement may run on a read-only connection of a
 * database with no read-only session of its own here (Trino, Vertica; SPEC §12). It errs towards
 * refusing: anything it cannot read with certainty is refused with a reason saying what to change.
 *
 * The rule: one statement; its first word SELECT, WITH, VALUES, SHOW, DESCRIBE/DESC or EXPLAIN; and
 * outside string literals, quoted names and comments, no word that makes it write (below).
 * Functions with side effects called from a SELECT (Vertica's meta-functions, say) are not
 * recognised: the README says to give such a connection's database user read-only grants too.
 */

const READING_STARTS = new Set(["SELECT", "WITH", "VALUES", "SHOW", "DESCRIBE", "DESC", "EXPLAIN"]);

/** SHOW and DESCRIBE only print; `SHOW CREATE TABLE` is one of them. */
const PRINTING_STARTS = new Set(["SHOW", "DESCRIBE", "DESC"]);

/**
 * Words that make a reading start write: `WITH … INSERT`, `EXPLAIN ANALYZE DELETE`, `SELECT … INTO`.
 * Statements that only start with a word (COMMIT, SET, USE, …) are already refused by their start.
 */
const WRITING_WORDS = new Set([
  "INSERT",
  "UPDATE",
  "DELETE",
  "MERGE",
  "UPSERT",
  "CREATE",
  "DROP",
  "ALTER",
  "TRUNCATE",
  "RENAME",
  "GRANT",
  "REVOKE",
  "DENY",
  "COPY",
  "INTO",
  "CALL",
  "EXECUTE",
  "PREPARE",
  "DEALLOCATE",
  "REFRESH",
  "VACUUM",
  "PURGE",
]);

export type ReadOnlyVerdict = { ok: true } | { ok: false; reason: string };

interface Scan {
  words: string[];
  /** Text after the statement's end (a `;`) that is more than blanks and comments. */
  trailing: boolean;
  problem?: string;
}

export function readOnlyVerdict(sql: string): ReadOnlyVerdict {
  const scan = scanSql(sql);
  if (scan.problem) return { ok: false, reason: scan.problem };
  if (scan.trailing) return { ok: false, reason: "A read-only connection runs one statement per call; this text holds more than one" };
  const [first] = scan.words;
  if (!first) return { ok: false, reason: "The statement is empty" };
  if (!READING_STARTS.has(first)) return { ok: false, reason: `${first} statements do not run on a read-only connection` };
  if (PRINTING_STARTS.has(first)) return { ok: true };
  const writing = scan.words.find((word) => WRITING_WORDS.has(word));
  if (writing) return { ok: false, reason: `A read-only connection refuses ${writing} anywhere in a statement` };
  return { ok: true };
}

/** Throws READ_ONLY_VIOLATION, with what to change, for a statement that is not a read. */
export function refuseUnlessReading(sql: string): void {
  const verdict = readOnlyVerdict(sql);
  if (!verdict.ok) throw readOnlyViolation(verdict.reason, "service");
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_$]/;

/** Words outside literals, quoted names and comments, upper-cased, in order. */
function scanSql(sql: string): Scan {
  const words: string[] = [];
  let ended = false;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      // Nested comments are read differently by different databases: refused rather than guessed.
      if (end < 0 || sql.slice(i + 2, end).includes("/*")) return { words, trailing: false, problem: UNREADABLE_COMMENT };
      i = end + 2;
    } else if (/\s/.test(c)) {
      i++;
    } else if (ended) {
      return { words, trailing: true };
    } else if (c === "'" || c === '"') {
      const end = closingQuote(sql, i);
      if (end < 0) return { words, trailing: false, problem: `A ${c === "'" ? "string literal" : "quoted name"} is not closed` };
      // A backslash escapes the quote in some string forms (E'…') and not in others: a value
      // holding one is passed in params, where no reading of the text is needed.
      if (c === "'" && sql.slice(i, end).includes("\\")) return { words, trailing: false, problem: BACKSLASH_IN_LITERAL };
      i = end + 1;
    } else if (c === "$" && next !== undefined && (next === "$" || WORD_START.test(next))) {
      return { words, trailing: false, problem: "Dollar-quoted text is not read on a read-only connection; pass the value in params" };
    } else if (c === ";") {
      ended = true;
      i++;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end++;
      words.push(sql.slice(i, end).toUpperCase());
      i = end;
    } else {
      i++;
    }
  }
  return { words, trailing: false };
}

const UNREADABLE_COMMENT = "A /* comment is not closed, or holds another /*; remove it on a read-only connection";
const BACKSLASH_IN_LITERAL = "A string literal holding a backslash is not read on a read-only connection; pass the value in params";

/** Index of the quote that ends the literal or name opened at `start`; a doubled quote is one quote inside it. */
function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i;
    } else i++;
  }
  return -1;
}
