// Translates engine (SQLite) failures into the ErrorResponse fields a Vertica server would send
// for the same mistake: SQLSTATE, Vertica's numeric error code (field 'V') and Vertica's wording
// where the mapping is clear. Anything unrecognised keeps SQLite's own message.
import type { ErrorFields } from "./backend-messages.ts";

interface Rule {
  pattern: RegExp;
  sqlState: string;
  verticaCode: number;
  message: (m: RegExpMatchArray) => string;
}

// Codes as Vertica reports them, e.g. `ERROR 4566: Relation "x" does not exist`.
const rules: Rule[] = [
  { pattern: /no such table: (?:\w+\.)?(\S+)/, sqlState: "42V01", verticaCode: 4566, message: (m) => `Relation "${m[1]}" does not exist` },
  { pattern: /no such column: (\S+)/, sqlState: "42703", verticaCode: 2624, message: (m) => `Column "${m[1]}" does not exist` },
  { pattern: /near "([^"]*)": syntax error/, sqlState: "42601", verticaCode: 4856, message: (m) => `Syntax error at or near "${m[1]}"` },
  { pattern: /incomplete input/, sqlState: "42601", verticaCode: 4856, message: () => "Syntax error at end of input" },
  {
    pattern: /no such function: (\S+)/,
    sqlState: "42883",
    verticaCode: 3457,
    message: (m) => `Function ${m[1]}() does not exist, or permission is denied for ${m[1]}()`,
  },
  { pattern: /table (\S+) already exists/, sqlState: "42P07", verticaCode: 4213, message: (m) => `Object "${m[1]}" already exists` },
];

const constraintStates: [RegExp, string][] = [
  [/UNIQUE|PRIMARYKEY/, "23505"],
  [/NOTNULL/, "23502"],
  [/FOREIGNKEY/, "23503"],
  [/CHECK/, "23514"],
];

export function engineErrorFields(err: unknown): ErrorFields {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  for (const rule of rules) {
    const m = message.match(rule.pattern);
    if (m) return { severity: "ERROR", sqlState: rule.sqlState, verticaCode: rule.verticaCode, message: rule.message(m) };
  }
  if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT")) {
    const state = constraintStates.find(([re]) => re.test(code))?.[1] ?? "23000";
    return { severity: "ERROR", sqlState: state, message };
  }
  if (code === "SQLITE_ERROR") return { severity: "ERROR", sqlState: "42000", message };
  return { severity: "ERROR", sqlState: "XX000", message };
}
