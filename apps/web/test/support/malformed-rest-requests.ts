import fc from "fast-check";
import { appRouter, SESSION_COOKIE } from "@connections/api";
import { verdictOf } from "./input-verdict.ts";
import {
  bodyText,
  decoded,
  encode,
  idJunk,
  JSON_TYPES,
  MAX_BODY,
  OTHER_TYPES,
  parsedText,
  segment,
  type Case,
  type Sender,
} from "./malformed-request-parts.ts";
import { jsonText, mutatedJson, ODD_STRINGS, vocabularyOf } from "./malformed-values.ts";
import type { RestEntry, RestInput } from "./procedure-catalogue.ts";
import type { RawRequest } from "./raw-request.ts";

// Malformed requests to the REST routes, the catch-all and the tRPC endpoint's unknown paths, and
// sign-out; each with the verdict of what the server may do with it.

/** A route's `{id}` segment, query string and JSON body, each broken or not, with a right or wrong content type. */
export function restCase(entry: RestEntry, sender: Sender): fc.Arbitrary<Case> {
  const bases = entry.valid(sender.world);
  const vocabulary = vocabularyOf(entry.body ?? entry.query, [...sender.foreign, ...Object.values(sender.owned.ids).flat()]);
  const ownIds = bases.flatMap((b) => (b.id === undefined ? [] : [b.id]));
  const readsBody = entry.body !== undefined;
  // Mostly the caller's own row where there is a body to break, so most requests get past the id.
  const idSegment = entry.path.includes("{id}")
    ? segment(
        fc.oneof(
          { weight: readsBody ? 3 : 1, arbitrary: fc.constantFrom(...ownIds) },
          { weight: 1, arbitrary: idJunk(sender, vocabulary) },
        ),
      )
    : fc.constant(undefined);
  const queryStrings = entry.query
    ? fc
        .tuple(
          mutatedJson(
            bases.map((b) => b.query),
            vocabulary,
          ),
          fc.constantFrom("", "&", "&&=", "&limit=1&limit=x", "&%ZZ=1", "&a=%E0%A4%A"),
        )
        .map(([value, tail]) => queryText(value) + tail)
    : fc.constantFrom("", "a=1", "%ZZ", "input=%7B");
  const body = readsBody
    ? bodyText(
        mutatedJson(
          bases.map((b) => b.body),
          vocabulary,
        ),
      )
    : bodyText(fc.jsonValue({ maxDepth: 2 }));
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...JSON_TYPES, undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...OTHER_TYPES) },
  );
  const oversize = fc.oneof({ weight: 40, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
  return fc.tuple(idSegment, queryStrings, body, contentType, oversize).map(([idText, queryString, transport, type, tooLarge]): Case => {
    const path = entry.path.replace("{id}", idText ?? "");
    const url = queryString ? `${path}?${queryString}` : path;
    const headers: Record<string, string> =
      entry.auth === "session" ? { cookie: sender.cookie } : { authorization: `Bearer ${sender.key}` };
    if (type) headers["content-type"] = type;
    const hasBody = entry.method !== "GET";
    const oversized = tooLarge && readsBody;
    const text = oversized ? `{"sql": "${"x".repeat(MAX_BODY)}"}` : transport.ok ? transport.json : transport.text;
    const request: RawRequest = { method: entry.method, url, headers, ...(hasBody && text !== undefined ? { body: text } : {}) };
    const parsed = parsedText(request.body ?? "");
    const id = idText === undefined ? undefined : decoded(idText);
    const transportOk = id !== null && (!readsBody || (parsed.ok && (type === undefined || JSON_TYPES.includes(type)) && !oversized));
    const query = Object.fromEntries(new URLSearchParams(queryString));
    // Next drops a `__proto__` query parameter before the route sees the URL.
    delete query.__proto__;
    const input: RestInput = {
      ...(typeof id === "string" ? { id } : {}),
      query,
      ...(readsBody && parsed.ok ? { body: parsed.value } : {}),
    };
    const verdict = verdictOf(entry, input, sender.owned);
    return {
      request,
      verdict: transportOk ? verdict : { accept: false, schemaPaths: readsBody && parsed.ok ? verdict.schemaPaths : null },
    };
  });
}

/** The query string of a generated value: its fields as parameters, anything else as raw text. */
function queryText(value: unknown): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return encode(jsonText(value) ?? "");
  return Object.entries(value)
    .map(([key, field]) => `${encode(key)}=${encode(typeof field === "string" ? field : (jsonText(field) ?? ""))}`)
    .join("&");
}

/** /v1 paths no route serves (the catch-all), or /api/trpc procedure names that do not exist. */
export function unknownPathCase(entry: RestEntry, sender: Sender): fc.Arbitrary<Case> {
  const vocabulary = vocabularyOf(undefined, []);
  const word = fc.oneof(
    idJunk(sender, vocabulary),
    fc.constantFrom("connections", "test", "query", "openapi.json", "connection", "chatConnector", "list"),
  );
  const trpc = entry.path.startsWith("/api/trpc");
  const known = new Set(Object.keys(appRouter._def.procedures));
  const name = fc.array(segment(word), { minLength: 1, maxLength: trpc ? 2 : 4 }).map((parts) => parts.join(trpc ? "." : "/"));
  return name
    .map((tail): Case => {
      const path = trpc ? `/api/trpc/${tail}` : `/v1/${tail}`;
      const headers: Record<string, string> = trpc
        ? { cookie: sender.cookie, "content-type": "application/json" }
        : { authorization: `Bearer ${sender.key}`, "content-type": "application/json" };
      return {
        request: { method: entry.method, url: path, headers, ...(entry.method === "GET" ? {} : { body: "{}" }) },
        verdict: { accept: false, schemaPaths: null },
      };
    })
    .filter(({ request }) => !servedPath(decoded(request.url) ?? "", known));
}

/** A path a route or procedure serves: the catch-all would not see it. */
function servedPath(path: string, procedures: ReadonlySet<string>): boolean {
  return procedures.has(path.slice("/api/trpc/".length)) || /^\/v1\/(connections(\/[^/]+(\/(test|query))?)?|openapi\.json)$/.test(path);
}

/** Junk session cookies and bodies: sign-out must still just send the browser to sign in. */
export function signOutCase(): fc.Arbitrary<Case> {
  const cookie = fc.oneof(fc.constantFrom(...ODD_STRINGS).map(encode), fc.string({ unit: "grapheme-ascii", maxLength: 80 }).map(encode));
  return fc.tuple(cookie, fc.jsonValue({ maxDepth: 2 })).map(([value, body]): Case => ({
    request: {
      method: "POST",
      url: "/sign-out",
      headers: { cookie: `${SESSION_COOKIE}=${value}`, "content-type": "application/x-www-form-urlencoded" },
      body: jsonText(body) ?? "",
    },
    verdict: { accept: false, schemaPaths: null },
  }));
}
