// Conversions between SQLite values and Vertica's text wire format, keyed by Vertica type OID.
// vertica-nodejs parses results with pg-types parsers chosen by OID (lib/type-overrides.js:
// Boolean→bool parser, Integer→int parser, Float→float parser, the rest stay strings), so the
// text we emit must be what those parsers expect.
import { VerticaType } from "./protocol.ts";

export type SqlValue = bigint | number | string | Buffer | null;

/** Column type from a declared SQLite column type, following SQLite's affinity rules. */
export function oidFromDeclaredType(declared: string | null): number | undefined {
  if (!declared) return undefined;
  const t = declared.toUpperCase();
  if (t.includes("BOOL")) return VerticaType.Boolean;
  if (t.includes("INT")) return VerticaType.Integer;
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return VerticaType.Varchar;
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return VerticaType.Float;
  if (t.includes("NUMERIC") || t.includes("DECIMAL")) return VerticaType.Numeric;
  if (t.includes("BLOB") || t.includes("BINARY")) return VerticaType.Varbinary;
  if (t.includes("TIMESTAMP")) return VerticaType.Timestamp;
  if (t.includes("DATE")) return VerticaType.Date;
  return VerticaType.Varchar;
}

/** Column type from a value, for expressions SQLite gives no declared type. */
export function oidFromValue(value: SqlValue): number | undefined {
  if (value === null) return undefined;
  if (typeof value === "bigint") return VerticaType.Integer;
  if (typeof value === "number") return VerticaType.Float;
  if (Buffer.isBuffer(value)) return VerticaType.Varbinary;
  return VerticaType.Varchar;
}

/** Vertica prints VARBINARY as text with non-printable bytes as \ooo octal escapes. */
function binaryText(b: Buffer): string {
  let out = "";
  for (const byte of b) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += "\\" + byte.toString(8).padStart(3, "0");
  }
  return out;
}

function floatText(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  return String(n);
}

/** One result value in text format for a column of the given OID; null stays null. */
export function encodeValue(value: SqlValue, oid: number): string | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return binaryText(value);
  switch (oid) {
    case VerticaType.Boolean:
      return typeof value === "string" ? (/^(t|true|1|y|yes|on)$/i.test(value) ? "t" : "f") : Number(value) !== 0 ? "t" : "f";
    case VerticaType.Float:
      return typeof value === "number" ? floatText(value) : String(value);
    default:
      return typeof value === "number" ? floatText(value) : String(value);
  }
}

/**
 * One Bind parameter (text format) to a SQLite value, by the OID the client echoed from our
 * ParameterDescription. Text that does not fit the numeric type is passed through as text so the
 * engine, not the shim, decides whether it is an error.
 */
export function decodeParameter(raw: Buffer | null, oid: number): SqlValue {
  if (raw === null) return null;
  if (oid === VerticaType.Varbinary) return raw;
  const text = raw.toString("utf8");
  switch (oid) {
    case VerticaType.Integer:
      return /^[+-]?\d+$/.test(text.trim()) ? BigInt(text.trim()) : text;
    case VerticaType.Float: {
      const n = Number(text);
      return Number.isNaN(n) && text.trim() !== "NaN" ? text : n;
    }
    case VerticaType.Boolean:
      return /^(t|true|1|y|yes|on)$/i.test(text.trim()) ? 1n : 0n;
    default:
      return text;
  }
}
