// Statements that belong to Trino's session layer rather than to the SQL engine: PREPARE,
// EXECUTE [IMMEDIATE] ... USING, DEALLOCATE PREPARE and USE. Trino keeps no server-side session;
// prepared statements travel in headers (client sends X-Trino-Prepared-Statement, server answers
// X-Trino-Added-Prepare / X-Trino-Deallocated-Prepare), URL-encoded with Java's URLEncoder.

export type SessionStatement =
  | { kind: "prepare"; name: string; sql: string }
  | { kind: "execute"; name: string; using: string | null }
  | { kind: "execute-immediate"; sql: string; using: string | null }
  | { kind: "deallocate"; name: string }
  | { kind: "use"; catalog: string | null; schema: string }
  | { kind: "sql"; sql: string };

// Trino identifiers: unquoted ones are case-insensitive (lower-cased), quoted ones are exact.
const IDENT = String.raw`("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_@$]*)`;

function identifier(raw: string): string {
  return raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
}

function stripTrailingSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, "");
}

/** Recognise a Trino session statement; anything else is SQL for the engine. */
export function classifyStatement(text: string): SessionStatement {
  const sql = stripTrailingSemicolon(text);
  let m: RegExpMatchArray | null;
  if ((m = sql.match(new RegExp(String.raw`^PREPARE\s+${IDENT}\s+FROM\s+([\s\S]+)$`, "i")))) {
    return { kind: "prepare", name: identifier(m[1]!), sql: m[2]!.trim() };
  }
  if ((m = sql.match(/^EXECUTE\s+IMMEDIATE\s+'((?:[^']|'')*)'(?:\s+USING\s+([\s\S]+))?$/i))) {
    return { kind: "execute-immediate", sql: m[1]!.replace(/''/g, "'"), using: m[2]?.trim() ?? null };
  }
  if ((m = sql.match(new RegExp(String.raw`^EXECUTE\s+${IDENT}(?:\s+USING\s+([\s\S]+))?$`, "i")))) {
    return { kind: "execute", name: identifier(m[1]!), using: m[2]?.trim() ?? null };
  }
  if ((m = sql.match(new RegExp(String.raw`^DEALLOCATE\s+PREPARE\s+${IDENT}$`, "i")))) {
    return { kind: "deallocate", name: identifier(m[1]!) };
  }
  if ((m = sql.match(new RegExp(String.raw`^USE\s+${IDENT}(?:\s*\.\s*${IDENT})?$`, "i")))) {
    return m[2]
      ? { kind: "use", catalog: identifier(m[1]!), schema: identifier(m[2]) }
      : { kind: "use", catalog: null, schema: identifier(m[1]!) };
  }
  return { kind: "sql", sql: text };
}

/** java.net.URLEncoder.encode(value, UTF_8): only [A-Za-z0-9.*_-] stay, space becomes '+'. */
export function javaUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
    .replace(/%20/g, "+");
}

export function javaUrlDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/**
 * Parse X-Trino-Prepared-Statement header values: comma-separated `name=sql` pairs, both parts
 * URL-encoded (Trino splits on ',' then on the first '='). Later entries win.
 */
export function parsePreparedStatements(headerValues: string | string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const values = headerValues === undefined ? [] : Array.isArray(headerValues) ? headerValues : [headerValues];
  for (const value of values) {
    for (const pair of value
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      out.set(javaUrlDecode(pair.slice(0, eq).trim()), javaUrlDecode(pair.slice(eq + 1).trim()));
    }
  }
  return out;
}

/** Count of `?` parameter markers outside string literals, quoted identifiers and comments. */
export function countParameters(sql: string): number {
  const stripped = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, "");
  return (stripped.match(/\?/g) ?? []).length;
}
