import type fc from "fast-check";
import type { Case, Sender } from "./malformed-request-parts.ts";
import { restCase, signOutCase, unknownPathCase } from "./malformed-rest-requests.ts";
import { trpcCase } from "./malformed-trpc-requests.ts";
import type { CatalogueEntry } from "./procedure-catalogue.ts";

export type { Case, Sender } from "./malformed-request-parts.ts";

// Node refuses a request head over 16 KiB (431) before the app sees it, so longer URLs test nothing of ours.
const MAX_URL = 8 * 1024;

/** True when the URL parser keeps the path as written (no dot segments folded away, no trailing slash redirect). */
function pathKept(path: string): boolean {
  return new URL(path, "http://127.0.0.1").pathname === path && !path.endsWith("/") && !path.includes("//");
}

/**
 * Malformed requests for an entry. Entries that write or reach a database get only requests the
 * server must refuse; read-only ones also get those it may serve, which must then succeed.
 */
export function malformedCases(entry: CatalogueEntry, sender: Sender): fc.Arbitrary<Case> {
  const cases =
    entry.api === "trpc"
      ? trpcCase(entry, sender)
      : entry.answers === "redirect"
        ? signOutCase()
        : entry.path.includes("{...path}") || entry.path.includes("{trpc}")
          ? unknownPathCase(entry, sender)
          : restCase(entry, sender);
  return cases.filter(
    ({ request, verdict }) => request.url.length <= MAX_URL && pathKept(request.url.split("?")[0]!) && (entry.readOnly || !verdict.accept),
  );
}
