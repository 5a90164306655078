/** Bytes a value takes in the JSON response: the UTF-8 length of its JSON text (exact, not an estimate). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "null");
}
