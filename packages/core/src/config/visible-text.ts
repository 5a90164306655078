// Control characters (NUL, newlines, escapes) and invisible format characters (bidi overrides
// such as U+202E, zero-width spaces and joiners, U+FEFF) make a name or identifier display as
// something other than what it is, or cut it short in logs and drivers.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Null when `text` shows what it is; else why not, naming the first offending character. */
export function hiddenCharacterProblem(text: string): string | null {
  const match = HIDDEN.exec(text);
  if (!match) return null;
  const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  return `must not contain control or invisible formatting characters (found U+${code} at position ${match.index + 1}): type it again without them`;
}
