import fc from "fast-check";
import type { Ownership, Verdict } from "./input-verdict.ts";
import { jsonText, ODD_STRINGS, type Vocabulary } from "./malformed-values.ts";
import type { RawRequest } from "./raw-request.ts";
import type { World } from "./valid-inputs.ts";

// What malformed REST and tRPC requests are made of: bodies that are JSON or not, content types,
// ids that are not ids and path segments that do not decode.

export interface Case {
  request: RawRequest;
  verdict: Verdict;
}

/** Who sends the requests and what they own; `foreign` are ids of another tenant's rows and project. */
export interface Sender {
  world: World;
  key: string;
  cookie: string;
  owned: Ownership;
  foreign: readonly string[];
}

export const MAX_BODY = 1024 * 1024;
export const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/problem+json"];
export const OTHER_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/xml",
  "application/jsonx",
  "multipart/form-data; boundary=x",
];
/** Percent-escapes a URL parser passes through as written. */
const RAW_SEGMENTS = ["%", "%E0%A4%A", "%zz", "%00", "%C0%AF", "%FF", "%2F", "a%", "%%"];
const BAD_JSON = ["", " ", "{", "[", "nul", "{'a':1}", '{"a":1,}', "\ufeff{}", "NaN", '{"a":\u0000}', "}{", '"\\x"', "[".repeat(60_000)];

export type Transport = { json: string | undefined; ok: true } | { text: string; ok: false };

/** JSON text of a value (valid transport), or text that is not JSON. */
export function bodyText(value: fc.Arbitrary<unknown>): fc.Arbitrary<Transport> {
  return fc.oneof(
    { weight: 12, arbitrary: value.map((v): Transport => ({ json: jsonText(v), ok: true })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(value, fc.nat())
        .map(([v, cut]): Transport => ({ text: (jsonText(v) ?? "").slice(0, cut % ((jsonText(v) ?? "").length + 1)), ok: false })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_JSON).map((text): Transport => ({ text, ok: false })) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((text): Transport => ({ text, ok: false })) },
  );
}

/** Parses text as the server would; not JSON (or no text) is a transport failure. */
export function parsedText(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Ids that are not ids: another tenant's, the caller's own of another kind, junk, at the length limit, made up. */
export function idJunk(sender: Sender, vocabulary: Vocabulary): fc.Arbitrary<string> {
  const owned = Object.values(sender.owned.ids).flat();
  return fc.oneof(
    fc.constantFrom(...sender.foreign, ...owned),
    fc.constantFrom(...ODD_STRINGS),
    fc.string({ unit: "binary", minLength: 1, maxLength: 70 }),
    fc.constantFrom(...vocabulary.lengths.filter((n) => n > 0 && n < 1000)).map((n) => "conn_".padEnd(n, "A")),
    fc.stringMatching(/^(conn|chat|prj)_[A-Za-z0-9_-]{16}$/),
  );
}

/** encodeURIComponent, with lone surrogates (which URLs cannot carry) as U+FFFD. */
export function encode(text: string): string {
  return encodeURIComponent(text.replace(/\p{Cs}/gu, "\ufffd"));
}

/** A path segment carrying `id`: encoded, or a raw percent-escape that does not decode. */
export function segment(id: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: id.map(encode) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) });
}

/** A path segment as the server decodes it; null when it does not decode. */
export function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
