/** The most characters of a database's or endpoint's own text that reach a user or a log. */
export const SERVER_TEXT_LIMIT = 200;

// Line breaks and tabs become spaces; other control characters (C0, DEL, C1) and invisible
// format characters (bidi overrides and isolates, zero-width spaces and joiners, BOM, soft
// hyphen: Unicode category Cf) and lone surrogates are dropped, so a hostile server cannot
// reorder or hide text.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/**
 * Text a database or HTTP endpoint sent (an error message, a response body), fit to quote in a
 * stage message, a query error or a log line: at most SERVER_TEXT_LIMIT characters, no control
 * or invisible characters, cut on a character boundary with "…" when longer.
 */
export function quoteServerText(text: unknown): string {
  const raw = typeof text === "string" ? text : String(text ?? "");
  const clean = raw.replace(WHITESPACE_CONTROLS, " ").replace(INVISIBLE, "").replace(/ {2,}/g, " ").trim();
  if (!clean) return "(no message)";
  if (clean.length <= SERVER_TEXT_LIMIT) return clean;
  // Never half of a surrogate pair.
  const cut = clean.slice(0, SERVER_TEXT_LIMIT - 1).replace(/[\uD800-\uDBFF]$/, "");
  return `${cut.trimEnd()}…`;
}
