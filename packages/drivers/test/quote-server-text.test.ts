import { describe, expect, it } from "vitest";
import { authFailed, queryFailed, tlsFailed } from "../src/database-errors.ts";
import { quoteServerText, SERVER_TEXT_LIMIT } from "../src/quote-server-text.ts";

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/u;

describe("quoteServerText", () => {
  it("keeps a short, clean message as it is", () => {
    expect(quoteServerText('relation "orders" does not exist')).toBe('relation "orders" does not exist');
  });

  it("cuts a long text to the limit, ending with an ellipsis", () => {
    const quoted = quoteServerText(`${"a".repeat(3000)}MARKER`);
    expect(quoted).toHaveLength(SERVER_TEXT_LIMIT);
    expect(quoted.endsWith("…")).toBe(true);
    expect(quoted).not.toContain("MARKER");
  });

  it("turns line breaks and tabs into single spaces and drops other control characters", () => {
    expect(quoteServerText("line one\r\n\tline two\u0085three")).toBe("line one line two three");
    expect(quoteServerText("\u001b[31mred\u001b[0m\u0000 \u007fdel \u009bcsi")).toBe("[31mred[0m del csi");
  });

  it("drops bidi overrides and isolates, zero-width characters, BOM and soft hyphens", () => {
    const quoted = quoteServerText("\u202eevil\u202c \u2066iso\u2069 zero\u200bwidth\u200d \ufeffbom soft\u00adhyphen \u200fmark");
    expect(quoted).toBe("evil iso zerowidth bom softhyphen mark");
    expect(quoted).not.toMatch(INVISIBLE);
  });

  it("never cuts a surrogate pair in half, and drops lone surrogates", () => {
    const quoted = quoteServerText(`${"a".repeat(SERVER_TEXT_LIMIT - 2)}😀😀😀`);
    expect(quoted.length).toBeLessThanOrEqual(SERVER_TEXT_LIMIT);
    expect(quoted).not.toMatch(INVISIBLE);
    expect(quoteServerText("a\ud800b")).toBe("ab");
  });

  it("says so when nothing is left, and accepts what is not a string", () => {
    expect(quoteServerText("\u0000\u200b \r\n")).toBe("(no message)");
    expect(quoteServerText(undefined)).toBe("(no message)");
    expect(quoteServerText(404)).toBe("404");
  });
});

describe("every driver's error classification quotes the server's text", () => {
  const hostile = `bad\u0000 \u202e${"x".repeat(3000)}MARKER`;

  it.each([
    ["queryFailed (every driver's query errors)", () => queryFailed(hostile)],
    ["authFailed (login refusals)", () => authFailed(hostile, "reader")],
    ["tlsFailed (TLS failures)", () => tlsFailed(new Error(hostile), "db.example.com")],
  ])("%s", (_, make) => {
    const error = make();
    expect(error.message.length).toBeLessThanOrEqual(SERVER_TEXT_LIMIT + 40);
    expect(error.message).toContain("bad");
    expect(error.message).not.toMatch(INVISIBLE);
    expect(error.message).not.toContain("MARKER");
  });
});
