// Trino result columns are typed by the engine; SQLite is dynamically typed. This file decides
// one Trino type per result column (declared column type first, then the values actually
// returned) and encodes values the way Trino's JSON protocol does.

/** The Trino type names this peer can produce. */
export type TrinoTypeName = "bigint" | "double" | "varchar" | "boolean" | "varbinary" | "unknown";

/** Trino's ClientTypeSignature: `{ rawType, arguments: [{ kind, value }] }`. */
export interface TrinoTypeSignature {
  rawType: string;
  arguments: { kind: "LONG"; value: number }[];
}

/** One entry of the `columns` array of a QueryResults document. */
export interface TrinoColumn {
  name: string;
  type: string;
  typeSignature: TrinoTypeSignature;
}

// Trino's unbounded varchar is varchar(2147483647) on the wire: the type is named "varchar" but
// its signature carries the length argument.
const UNBOUNDED_VARCHAR = 2147483647;

export function trinoColumn(name: string, type: TrinoTypeName): TrinoColumn {
  const args = type === "varchar" ? [{ kind: "LONG" as const, value: UNBOUNDED_VARCHAR }] : [];
  return { name, type, typeSignature: { rawType: type, arguments: args } };
}

type Kind = "int" | "real" | "text" | "blob";

function kindOf(value: unknown): Kind | null {
  if (value === null || value === undefined) return null;
  // Rows are read with safeIntegers(true): SQLite INTEGERs arrive as BigInt, REALs (even 2.0) as number.
  if (typeof value === "bigint") return "int";
  if (typeof value === "number") return "real";
  if (typeof value === "string") return "text";
  return "blob";
}

// SQLite's own affinity rules (https://sqlite.org/datatype3.html §3.1), plus BOOL for boolean.
function declaredType(decl: string | null): TrinoTypeName | null {
  if (!decl) return null;
  const d = decl.toUpperCase();
  if (d.includes("BOOL")) return "boolean";
  if (d.includes("INT")) return "bigint";
  if (d.includes("CHAR") || d.includes("CLOB") || d.includes("TEXT")) return "varchar";
  if (d.includes("BLOB")) return "varbinary";
  if (d.includes("REAL") || d.includes("FLOA") || d.includes("DOUB")) return "double";
  return null;
}

function fits(type: TrinoTypeName, kinds: Set<Kind>, values: unknown[]): boolean {
  const only = (...allowed: Kind[]) => [...kinds].every((k) => allowed.includes(k));
  switch (type) {
    case "bigint":
      return only("int");
    case "double":
      return only("int", "real");
    case "varchar":
      return only("text");
    case "varbinary":
      return only("blob");
    case "boolean":
      return only("int") && values.every((v) => v === null || v === undefined || Number(v) === 0 || Number(v) === 1);
    default:
      return kinds.size === 0;
  }
}

/** One Trino type for a result column: the declared type when the values agree with it, else inferred. */
export function columnType(decl: string | null, values: unknown[]): TrinoTypeName {
  const kinds = new Set<Kind>();
  for (const v of values) {
    const k = kindOf(v);
    if (k) kinds.add(k);
  }
  const declared = declaredType(decl);
  if (declared && fits(declared, kinds, values)) return declared;
  if (kinds.size === 0) return "unknown"; // Trino's type of a bare NULL
  if (fits("bigint", kinds, values)) return "bigint";
  if (fits("double", kinds, values)) return "double";
  if (fits("varbinary", kinds, values)) return "varbinary";
  return "varchar";
}

/**
 * JSON text of one value in a column of the given type. bigint values are written as exact JSON
 * numbers (BigInt digits), as Trino does; doubles that JSON cannot hold become "Infinity"/"NaN"
 * strings like Trino's encoder; varbinary is base64.
 */
export function encodeValue(type: TrinoTypeName, value: unknown): string {
  if (value === null || value === undefined || type === "unknown") return "null";
  switch (type) {
    case "bigint":
      return typeof value === "bigint" ? value.toString() : String(Math.trunc(Number(value)));
    case "double": {
      const n = Number(value);
      return Number.isFinite(n) ? JSON.stringify(n) : JSON.stringify(String(n));
    }
    case "boolean":
      return Number(value) !== 0 ? "true" : "false";
    case "varbinary":
      return JSON.stringify(Buffer.isBuffer(value) ? value.toString("base64") : Buffer.from(String(value)).toString("base64"));
    case "varchar":
      return JSON.stringify(Buffer.isBuffer(value) ? value.toString("utf8") : String(value));
  }
}
