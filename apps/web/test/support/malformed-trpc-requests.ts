import fc from "fast-check";
import { verdictOf } from "./input-verdict.ts";
import { bodyText, encode, OTHER_TYPES, parsedText, type Case, type Sender } from "./malformed-request-parts.ts";
import { mutatedJson, vocabularyOf } from "./malformed-values.ts";
import type { TrpcEntry } from "./procedure-catalogue.ts";
import type { RawRequest } from "./raw-request.ts";

// Malformed tRPC calls over HTTP, as the fetch adapter reads them: a query's input in the URL, a
// mutation's in the body, optionally as call "0" of a batch; with the wrong method or content type.

/** The input tRPC reads from what was sent: none from empty text, call "0" of a batch. */
function trpcInput(sent: string | undefined, batch: boolean): { ok: true; value: unknown } | { ok: false } {
  if (!sent) return { ok: true, value: undefined };
  const parsed = parsedText(sent);
  if (!parsed.ok || !batch) return parsed;
  const calls = parsed.value;
  return typeof calls === "object" && calls !== null && !Array.isArray(calls)
    ? { ok: true, value: (calls as Record<string, unknown>)["0"] }
    : { ok: false };
}

/** A procedure's input broken by edits, sent plainly, in a batch, by the wrong method or with the wrong content type. */
export function trpcCase(entry: TrpcEntry, sender: Sender): fc.Arbitrary<Case> {
  const vocabulary = vocabularyOf(entry.input, [...sender.foreign, ...Object.values(sender.owned.ids).flat()]);
  const input = bodyText(mutatedJson(entry.valid(sender.world), vocabulary));
  const shape = fc.oneof(
    { weight: 10, arbitrary: fc.constant("plain" as const) },
    { weight: 2, arbitrary: fc.constant("batch" as const) },
    { weight: 1, arbitrary: fc.constant("wrong-method" as const) },
    { weight: 1, arbitrary: fc.constant("wrong-type" as const) },
  );
  return fc.tuple(input, shape, fc.constantFrom(...OTHER_TYPES)).map(([transport, how, otherType]): Case => {
    const text = transport.ok ? transport.json : transport.text;
    const batch = how === "batch";
    // A batch wraps the input text as call "0"; text that is not JSON stays not JSON.
    const sent = batch ? (text === undefined ? "{}" : `{"0":${text}}`) : text;
    const get = (entry.type === "query") !== (how === "wrong-method");
    const base = `/api/trpc/${entry.procedure}${batch ? "?batch=1" : ""}`;
    const join = batch ? "&" : "?";
    const url = get ? (sent === undefined ? base : `${base}${join}input=${encode(sent)}`) : base;
    const headers: Record<string, string> = {
      cookie: sender.cookie,
      "content-type": how === "wrong-type" ? otherType : "application/json",
    };
    const request: RawRequest = { method: get ? "GET" : "POST", url, headers, ...(get || sent === undefined ? {} : { body: sent }) };
    const parsed = trpcInput(sent, batch);
    // tRPC reads a GET's input from the URL whatever its content type, except multipart (POST only).
    const typeRefused = how === "wrong-type" && (!get || otherType.startsWith("multipart/"));
    // A procedure without an input parser never reads the input, so even text that is not JSON passes.
    const transportOk = (parsed.ok || entry.input === undefined) && how !== "wrong-method" && !typeRefused;
    const verdict = verdictOf(entry, parsed.ok ? parsed.value : undefined, sender.owned);
    return { request, verdict: transportOk ? verdict : { accept: false, schemaPaths: null } };
  });
}
