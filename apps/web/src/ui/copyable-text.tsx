"use client";

import type { ReactNode } from "react";
import { CopyButton } from "./copy-button.tsx";
import { Field } from "./field.tsx";
import { Textarea } from "./textarea.tsx";

/**
 * A command or line to copy as is: read-only (selectable, labelled, wrapped rather than scrolled)
 * with its Copy button, which puts exactly this text on the clipboard.
 */
export function CopyableText({ label, text, copyLabel, hint }: { label: ReactNode; text: string; copyLabel: string; hint?: ReactNode }) {
  return (
    <div className="min-w-0 space-y-2">
      <Field label={label} hint={hint}>
        {(control) => (
          <Textarea
            {...control}
            readOnly
            rows={1}
            value={text}
            spellCheck={false}
            className="min-h-0 text-xs break-all field-sizing-content"
          />
        )}
      </Field>
      <CopyButton text={text} label={copyLabel} />
    </div>
  );
}
