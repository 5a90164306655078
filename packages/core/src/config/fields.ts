import { z } from "zod";

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
  .regex(HOST_PATTERN, "must be a bare host name or IP address (no scheme, port, path or spaces)");

export const portField = z
  .int({ error: expected("an integer from 1 to 65535") })
  .min(1, "must be an integer from 1 to 65535")
  .max(65535, "must be an integer from 1 to 65535");

export const identifierField = z
  .string({ error: expected("a string") })
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters");

export const secretField = z.string({ error: expected("a string") }).max(4096, "must be at most 4096 characters");

export const pemField = z
  .string({ error: expected("PEM text") })
  .max(64 * 1024, "must be at most 64 KiB")
  .regex(/-----BEGIN [A-Z0-9 ]+-----/, "must be PEM text (-----BEGIN …-----)");
