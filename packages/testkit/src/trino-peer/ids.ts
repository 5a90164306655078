// Query ids and URL slugs in Trino's formats. A query id looks like 20260101_120000_00001_abcde
// (date_time_counter_coordinator). A slug is a per-query secret mixed with the URL's context and
// token, so a nextUri cannot be guessed or replayed for another token (Trino's io.trino.server.protocol.Slug).
import { createHmac, randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export type SlugContext = "QUEUED_QUERY" | "EXECUTING_QUERY";

export function newCoordinatorId(): string {
  return [...randomBytes(5)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

export function newQueryId(counter: number, coordinatorId: string, now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const date = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`;
  const time = `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${date}_${time}_${p(counter % 100000, 5)}_${coordinatorId}`;
}

/** Trino's QueryId syntax; anything else is "not found" before any lookup. */
export function isQueryId(value: string): boolean {
  return /^[_a-z0-9]+$/.test(value);
}

export class Slug {
  private readonly key = randomBytes(16);

  make(context: SlugContext, token: number): string {
    return "y" + createHmac("sha1", this.key).update(`${context}:${token}`).digest("hex");
  }

  isValid(context: SlugContext, slug: string, token: number): boolean {
    return this.make(context, token) === slug;
  }
}
