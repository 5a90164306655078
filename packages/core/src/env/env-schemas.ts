import { z } from "zod";

/** An optional variable; blank counts as unset, surrounding spaces are ignored. */
export const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** A comma-separated list; blank entries are dropped. */
export const commaList = optionalText.transform((value) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * A whole number in [min, max], or `fallback` when unset. `problem` words the refusal, so each
 * variable keeps the message operators already know.
 */
export function wholeNumberVariable(options: { min: number; max: number; fallback: number; problem: (text: string) => string }) {
  return optionalText.transform((text, ctx) => {
    if (text === undefined) return options.fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < options.min || value > options.max) {
      ctx.addIssue({ code: "custom", message: options.problem(text) });
      return z.NEVER;
    }
    return value;
  });
}

/** A switch: "1" turns it on; unset, blank or "0" leave it off. */
export function flagVariable(name: string) {
  return optionalText.transform((text, ctx) => {
    if (text === undefined || text === "0") return false;
    if (text === "1") return true;
    ctx.addIssue({ code: "custom", message: `${name} must be 1 (on) or 0 (off), not "${text}"` });
    return z.NEVER;
  });
}
