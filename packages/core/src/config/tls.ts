import { z } from "zod";
import { pemField } from "./fields.ts";

// A client certificate without its key (or the reverse) can never authenticate.
function certAndKeyTogether(ctx: z.core.ParsePayload<{ cert?: string | undefined; key?: string | undefined }>): void {
  const { cert, key } = ctx.value;
  if ((cert === undefined) !== (key === undefined)) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: [cert === undefined ? "cert" : "key"],
      message: "cert and key must be given together (client certificate authentication)",
    });
  }
}

/** The `ssl` block of PostgreSQL and MySQL: a mode in the driver's own words, CA and client cert. */
export function sslSchema<const M extends readonly [string, ...string[]]>(modes: M) {
  return z
    .strictObject({ mode: z.enum(modes), ca: pemField.optional(), cert: pemField.optional(), key: pemField.optional() })
    .check(certAndKeyTogether);
}

/** The same block as the API returns it: the private key replaced by `has_key`. */
export function publicSslSchema<const M extends readonly [string, ...string[]]>(modes: M) {
  return z.object({ mode: z.enum(modes), ca: z.string().optional(), cert: z.string().optional(), has_key: z.boolean() });
}

/**
 * The `ssl` fields that decide who may read what is sent: the mode (a downgrade lets the network
 * read it), the CA (whose certificates are trusted) and the client certificate presented.
 */
export const SSL_DESTINATION_PATHS = ["ssl.mode", "ssl.ca", "ssl.cert"] as const;
