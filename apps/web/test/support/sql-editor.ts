import type { Locator } from "playwright-core";

/** The text in a CodeMirror editor (its textbox), one line per line, without the placeholder. */
export function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((content) =>
    Array.from(content.querySelectorAll(".cm-line"))
      .map((line) => {
        const copy = line.cloneNode(true) as Element;
        copy.querySelectorAll(".cm-placeholder").forEach((hint) => hint.remove());
        return copy.textContent ?? "";
      })
      .join("\n"),
  );
}
