import { z } from "zod";
import { nonCanonicalIpv4 } from "./inet-aton.ts";
import { hiddenCharacterProblem } from "./visible-text.ts";

// Shared field rules, so every connection type words its errors the same way.

/** Error text for a wrong JSON type that still says "is required" when the field is missing. */
export function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`);
}

// An unbracketed IPv6 address has at least two colons, so `10.0.0.5:5432` or `db:5432` (a port) is refused.
const HOST_PATTERN = /^([0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9_.])?)$/;

export const hostField = z
  .string({ error: expected("a host name or IP address") })
  .trim()
  .min(1, "must not be empty")
  .max(253, "must be at most 253 characters")
  .regex(HOST_PATTERN, "must be a bare host name or IP address (no scheme, port, path or spaces)")
  // The bastion would read `2852039166` as 169.254.169.254: only the plain form is checked as an address.
  .refine((host) => nonCanonicalIpv4(host) === null, {
    error: (issue) => `is a numeric form of the IPv4 address ${nonCanonicalIpv4(String(issue.input))}: write that address as is`,
  });

export const portField = z
  .int({ error: expected("a whole number from 1 to 65535") })
  .min(1, "must be a whole number from 1 to 65535")
  .max(65535, "must be a whole number from 1 to 65535");

/** A refinement for names and identifiers: no control or invisible formatting characters. */
export const visibleText = [
  (text: string) => hiddenCharacterProblem(text) === null,
  { error: (issue: { input?: unknown }) => hiddenCharacterProblem(String(issue.input)) ?? "is invalid" },
] as const;

export const identifierField = z
  .string({ error: expected("a string") })
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .refine(...visibleText);

export const secretField = z.string({ error: expected("a string") }).max(4096, "must be at most 4096 characters");

export const pemField = z
  .string({ error: expected("PEM text") })
  .max(64 * 1024, "must be at most 64 KiB")
  .regex(/-----BEGIN [A-Z0-9 ]+-----/, "must be PEM text (-----BEGIN …-----)");
