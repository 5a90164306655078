import { z } from "zod";
import { expected } from "./fields.ts";

/**
 * A PUT's `config` before the service merges the stored secrets in: any JSON object, checked
 * against its type's schema afterwards. zod's record silently drops an own `__proto__` key (which
 * JSON.parse creates), so it is refused here as the create schemas refuse it: an unknown field.
 */
export const updateConfigField = z.preprocess(
  (value, ctx) => {
    if (typeof value === "object" && value !== null && Object.hasOwn(value, "__proto__")) {
      ctx.addIssue({ code: "custom", path: ["__proto__"], message: "is not a known field", input: value });
    }
    return value;
  },
  z.record(z.string(), z.unknown(), { error: expected("an object") }),
);
