import { describe, expect, it } from "vitest";
import { connectionNameSchema } from "../src/index.ts";
import { hiddenCharacterProblem } from "../src/config/visible-text.ts";

describe("hiddenCharacterProblem", () => {
  it.each([
    ["a\u0000b", "0000", 2],
    ["\u001b[31mred", "001B", 1],
    ["line\nbreak", "000A", 5],
    ["abc\u202Egpj", "202E", 4],
    ["\u2066x", "2066", 1],
    ["zero\u200Bwidth", "200B", 5],
    ["join\u200Der", "200D", 5],
    ["bom\uFEFF", "FEFF", 4],
    ["soft\u00ADhyphen", "00AD", 5],
    ["para\u2029graph", "2029", 5],
  ])("refuses %j, naming U+%s at position %i", (text, code, position) => {
    expect(hiddenCharacterProblem(text)).toBe(
      `must not contain control or invisible formatting characters (found U+${code} at position ${position}): type it again without them`,
    );
  });

  it.each(["warehouse", "Entrepôt de données", "倉庫", "склад-2", "données 😀", "a b"])("accepts %j", (text) => {
    expect(hiddenCharacterProblem(text)).toBeNull();
  });

  it("applies to connection names", () => {
    expect(connectionNameSchema.safeParse("ok").success).toBe(true);
    expect(connectionNameSchema.safeParse("o\u202Ek").success).toBe(false);
  });
});
