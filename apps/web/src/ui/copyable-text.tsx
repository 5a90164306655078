"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { CopyButton } from "./copy-button.tsx";
import { Field } from "./field.tsx";
import { Textarea } from "./textarea.tsx";

/** Grows a read-only textarea to its wrapped text, again whenever its width changes. */
function useFitsText(text: string) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    const fit = () => {
      area.style.height = "auto";
      area.style.height = `${area.scrollHeight + area.offsetHeight - area.clientHeight}px`;
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(area.parentElement ?? area);
    return () => observer.disconnect();
  }, [text]);
  return ref;
}

/**
 * A command or line to copy as is: read-only (selectable, labelled, wrapped rather than scrolled,
 * as tall as its text) with its Copy button, which puts exactly this text on the clipboard.
 */
export function CopyableText({ label, text, copyLabel, hint }: { label: ReactNode; text: string; copyLabel: string; hint?: ReactNode }) {
  const ref = useFitsText(text);
  return (
    <div className="min-w-0 space-y-2">
      <Field label={label} hint={hint}>
        {(control) => (
          <Textarea
            {...control}
            ref={ref}
            readOnly
            rows={1}
            value={text}
            spellCheck={false}
            className="min-h-0 resize-none text-xs break-all"
          />
        )}
      </Field>
      <CopyButton text={text} label={copyLabel} />
    </div>
  );
}
