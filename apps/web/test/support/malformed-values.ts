import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { z } from "zod";

// JSON values that a schema should refuse, made by mutating a valid one a few edits at a time so
// most stay close to valid: a field of the wrong type, missing, renamed, at or past its limit, or
// replaced with unicode, NUL, huge or deeply nested junk.

type Key = string | number;

/** Field names, enum values and limits a shared schema declares, read from its JSON Schema. */
export interface Vocabulary {
  names: string[];
  values: unknown[];
  /** Numbers at and just past every minimum and maximum. */
  numbers: number[];
  /** String lengths at and just past every minLength and maxLength. */
  lengths: number[];
}

export function vocabularyOf(schema: z.ZodType | undefined, extraValues: readonly unknown[]): Vocabulary {
  const vocabulary: Vocabulary = {
    names: [],
    values: [...extraValues],
    numbers: [0, -1, 0.5, 2 ** 31, 2 ** 53 + 2, 1e21],
    lengths: [0, 1, 65, 4097, 65_537],
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const entries = node as Record<string, unknown>;
    if (isObject(entries.properties)) vocabulary.names.push(...Object.keys(entries.properties));
    if (Array.isArray(entries.enum)) vocabulary.values.push(...entries.enum);
    if ("const" in entries) vocabulary.values.push(entries.const);
    for (const limit of ["minimum", "maximum"])
      if (typeof entries[limit] === "number") vocabulary.numbers.push(entries[limit] - 1, entries[limit], entries[limit] + 1);
    for (const limit of ["minLength", "maxLength"])
      if (typeof entries[limit] === "number") vocabulary.lengths.push(entries[limit], entries[limit] + 1);
    Object.values(entries).forEach(walk);
  };
  if (schema) walk(z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }));
  return vocabulary;
}

export const ODD_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "\u202eabc",
  "\ufeff",
  "é",
  "𝔘𝔫𝔦",
  "😀",
  " ",
  "\t\r\n",
  "null",
  "true",
  "NaN",
  "-1",
  "1e3",
  "0x10",
  "../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "<script>",
  "'; drop table connection; --",
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "SHA256:",
  // A key cut after its first line.
  generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString().split("\n")[0]!,
];

/**
 * An array nested `depth` levels deep, written out only by `jsonText`: past ~10,000 levels
 * JSON.stringify and structuredClone overflow the stack, so it cannot be built as a value here.
 */
export class DeepArray {
  constructor(readonly depth: number) {}
}

const DEEP_MARK = /"\\u0001deep(\d+)\\u0001"/g;

/** JSON text of a generated value, deep arrays included; undefined stays undefined. */
export function jsonText(value: unknown): string | undefined {
  const text = JSON.stringify(value, (_key, node: unknown) => (node instanceof DeepArray ? `\u0001deep${node.depth}\u0001` : node));
  return text?.replace(DEEP_MARK, (_mark, depth: string) => "[".repeat(Number(depth)) + "]".repeat(Number(depth)));
}

/** A value of any JSON type, near a limit of the schema or plainly junk. */
export function junkValue(vocabulary: Vocabulary): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, [], {}, [null], { "": "" }),
    fc.constantFrom(...vocabulary.numbers),
    fc.constantFrom(...vocabulary.lengths).map((length) => "a".repeat(length)),
    fc.constantFrom(...ODD_STRINGS),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.double(),
    fc.jsonValue({ maxDepth: 3 }),
    fc.integer({ min: 100, max: 200_000 }).map((depth) => new DeepArray(depth)),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof DeepArray);
}

/** Every place in a value (the root is []), not descending below `maxDepth`. */
function pathsOf(value: unknown, maxDepth = 6, at: Key[] = []): Key[][] {
  const children = at.length >= maxDepth ? [] : Array.isArray(value) ? value.map((_, i) => i) : isObject(value) ? Object.keys(value) : [];
  return [at, ...children.flatMap((key) => pathsOf((value as Record<Key, unknown>)[key], maxDepth, [...at, key]))];
}

function valueAt(root: unknown, path: readonly Key[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<Key, unknown>)[key], root);
}

/** Sets an own property, even `__proto__`, as JSON.parse on the server would. */
function defineKey(target: object, key: Key, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A nearby value of another kind: "5432" for 5432, " x" for "x", [v] for v. */
function nudge(value: unknown, how: number): unknown {
  const pick = <T>(choices: T[]) => choices[how % choices.length];
  if (typeof value === "number") return pick([String(value), value + 0.5, -value, value * 1e6, value + 1, value - 1]);
  if (typeof value === "string")
    return pick([
      `${value} `,
      ` ${value}`,
      value.toUpperCase(),
      value.repeat(40),
      `${value}\u0000`,
      value.slice(1),
      Number(value),
      value ? "" : null,
    ]);
  if (typeof value === "boolean") return pick([String(value), Number(value), !value]);
  if (Array.isArray(value)) return pick([{ ...value }, [value], JSON.stringify(value)]);
  if (isObject(value)) return pick([[value], JSON.stringify(value), Object.keys(value)]);
  return pick([0, "", false, {}]);
}

interface Edit {
  kind: "set" | "nudge" | "vocabulary" | "delete" | "add";
  at: number;
  how: number;
  key: string;
  value: unknown;
}

function applyEdit(root: unknown, edit: Edit, vocabulary: Vocabulary): unknown {
  const paths = pathsOf(root);
  const path = paths[edit.at % paths.length]!;
  const current = valueAt(root, path);
  const replace = (next: unknown): unknown => {
    if (path.length === 0) return next;
    defineKey(valueAt(root, path.slice(0, -1)) as object, path[path.length - 1]!, next);
    return root;
  };
  switch (edit.kind) {
    case "set":
      return replace(edit.value);
    case "nudge":
      return replace(nudge(current, edit.how));
    case "vocabulary":
      return replace(vocabulary.values[edit.how % vocabulary.values.length]);
    case "delete": {
      if (path.length === 0) return undefined;
      const parent = valueAt(root, path.slice(0, -1));
      if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 1);
      else delete (parent as Record<Key, unknown>)[path[path.length - 1]!];
      return root;
    }
    case "add": {
      // The nearest object at or above the chosen place gets a field it should not have.
      const holder = [...Array(path.length + 1).keys()].map((n) => valueAt(root, path.slice(0, path.length - n))).find(isObject);
      if (holder) defineKey(holder, edit.key, edit.value);
      return holder ? root : { [edit.key]: edit.value, value: root };
    }
  }
}

/** 1–3 edits to a copy of one of `bases`. */
export function mutatedJson(bases: readonly unknown[], vocabulary: Vocabulary): fc.Arbitrary<unknown> {
  const edit: fc.Arbitrary<Edit> = fc.record({
    kind: fc.constantFrom("set", "nudge", "vocabulary", "delete", "add"),
    at: fc.nat(),
    how: fc.nat(),
    key: fc.oneof(
      fc.constantFrom(...vocabulary.names, "__proto__", "constructor", "", "password", "id"),
      fc.string({ unit: "binary", maxLength: 12 }),
    ),
    value: junkValue(vocabulary),
  });
  return fc
    .tuple(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 3 }))
    .map(([base, edits]) => edits.reduce((value, next) => applyEdit(value, next, vocabulary), structuredClone(base)));
}
