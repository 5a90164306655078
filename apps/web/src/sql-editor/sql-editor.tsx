"use client";

import { defaultKeymap, history, historyKeymap, insertNewline } from "@codemirror/commands";
import { sql, type SQLDialect } from "@codemirror/lang-sql";
import { bracketMatching, syntaxHighlighting } from "@codemirror/language";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder as placeholderText } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";
import { useEffect, useLayoutEffect, useRef } from "react";
import { cn } from "~/ui/cn.ts";
import { sqlEditorTheme } from "./sql-editor-theme.ts";

export interface SqlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter, with the editor's text; with submitOnEnter also plain Enter (Shift+Enter then adds a line). */
  onSubmit: (text: string) => void;
  dialect: SQLDialect;
  /** The editor's accessible name. */
  label: string;
  /** The page's CSP nonce: CodeMirror mounts its styles in a <style> element. */
  nonce: string | undefined;
  submitOnEnter?: boolean;
  lineNumbers?: boolean;
  placeholder?: string;
  describedBy?: string;
  id?: string;
  className?: string;
}

/**
 * A CodeMirror 6 SQL editor. Tokens get stable `tok-*` classes (classHighlighter) coloured from
 * our tokens by sqlEditorTheme. Long lines scroll inside the editor, never the page.
 */
export function SqlEditor(props: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The view is built once; its key handlers read the latest props through this ref.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const { dialect, label, nonce, submitOnEnter = false, lineNumbers: numbered = false, placeholder, describedBy, id } = props;

  useEffect(() => {
    const submit = (target: EditorView) => {
      latest.current.onSubmit(target.state.doc.toString());
      return true;
    };
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          EditorView.cspNonce.of(nonce ?? ""),
          Prec.highest(
            keymap.of([
              { key: "Mod-Enter", run: submit },
              ...(submitOnEnter
                ? [
                    { key: "Enter", run: submit },
                    { key: "Shift-Enter", run: insertNewline },
                  ]
                : []),
            ]),
          ),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          sql({ dialect }),
          syntaxHighlighting(classHighlighter),
          bracketMatching(),
          sqlEditorTheme,
          ...(numbered ? [lineNumbers()] : []),
          ...(placeholder ? [placeholderText(placeholder)] : []),
          EditorView.contentAttributes.of({
            "aria-label": label,
            // Marks the editable content focusable for checkers (axe) that skip contenteditable.
            tabindex: "0",
            spellcheck: "false",
            ...(describedBy ? { "aria-describedby": describedBy } : {}),
            ...(id ? { id } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
  }, [dialect, label, nonce, submitOnEnter, numbered, placeholder, describedBy, id]);

  // A value set from outside (Chat clears its draft after sending) replaces the text.
  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== props.value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  return <div ref={host} className={cn("min-w-0", props.className)} />;
}
