import { EditorView } from "@codemirror/view";

const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';

/**
 * The editor's look from the page's colour tokens (CSS variables that switch with
 * prefers-color-scheme), and the colours of classHighlighter's `tok-*` token classes. Each token
 * colour is a text token that meets 4.5:1 on the background in light and dark.
 * --sql-editor-min and --sql-editor-max (set by the caller) bound its height; beyond that it scrolls.
 */
export const sqlEditorTheme = EditorView.theme({
  "&": {
    border: "1px solid var(--input)",
    borderRadius: "0.375rem",
    backgroundColor: "var(--background)",
    color: "var(--foreground)",
    fontSize: "0.875rem",
    maxHeight: "var(--sql-editor-max, 20rem)",
  },
  "&.cm-focused": { outline: "2px solid var(--ring)", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: MONO, lineHeight: "1.5", overflow: "auto" },
  ".cm-content": { caretColor: "var(--foreground)", padding: "0.5rem 0", minHeight: "var(--sql-editor-min, 6rem)" },
  ".cm-line": { padding: "0 0.75rem" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--foreground)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": {
    backgroundColor: "color-mix(in srgb, var(--ring) 30%, transparent)",
  },
  ".cm-gutters": { backgroundColor: "var(--muted)", color: "var(--muted-foreground)", borderRight: "1px solid var(--border)" },
  ".cm-placeholder": { color: "var(--muted-foreground)" },
  "&.cm-focused .cm-matchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--ring) 20%, transparent)",
    outline: "1px solid var(--ring)",
  },
  "&.cm-focused .cm-nonmatchingBracket": { outline: "1px solid var(--danger)" },
  ".tok-keyword": { color: "var(--primary)", fontWeight: "600" },
  ".tok-string, .tok-string2": { color: "var(--success)" },
  ".tok-number, .tok-bool, .tok-atom": { color: "var(--warning)" },
  ".tok-comment": { color: "var(--muted-foreground)", fontStyle: "italic" },
  ".tok-typeName": { color: "var(--info)" },
  ".tok-variableName.tok-special, .tok-labelName": { color: "var(--info)" },
  ".tok-invalid": { color: "var(--danger)" },
});
