import { get, type FieldErrors } from "react-hook-form";

/**
 * The error to show under a field. A block such as `ssl` is one control here, so an error on
 * its inner field (`ssl.mode`) is shown on it.
 */
export function messageAt(errors: FieldErrors, path: string): string | undefined {
  const node = get(errors, path) as Record<string, unknown> | undefined;
  if (!node) return undefined;
  if (typeof node.message === "string") return node.message;
  for (const inner of Object.values(node)) {
    const message = (inner as { message?: unknown } | undefined)?.message;
    if (typeof message === "string") return message;
  }
  return undefined;
}
