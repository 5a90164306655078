"use client";

import { ChevronDown, ChevronUp } from "lucide-react";
import { useState } from "react";
import { cn } from "~/ui/cn.ts";
import { cellText, preview } from "./cell-text.ts";

/**
 * One value: SQL NULL as a muted NULL tag (unlike the text 'NULL'), a long value as its start with
 * a control that shows all of it, and ✂ when the server cut it to fit max_bytes.
 */
export function ResultCell({ value, numeric, cut, column }: { value: unknown; numeric: boolean; cut: boolean; column: string }) {
  const [expanded, setExpanded] = useState(false);
  const text = cellText(value);
  const short = text === null ? null : preview(text);
  return (
    <td
      className={cn(
        "border-b border-border px-3 py-1.5 align-top",
        numeric ? "text-right tabular-nums" : "text-left",
        expanded ? "" : "whitespace-nowrap",
      )}
    >
      {text === null ? (
        <span data-null="" className="rounded bg-muted px-1 font-mono text-xs text-muted-foreground italic">
          NULL
        </span>
      ) : short === null ? (
        text
      ) : (
        <span className={cn("inline-flex gap-1", expanded ? "items-start" : "items-center")}>
          <span className={expanded ? "block max-w-[min(60ch,80vw)] break-words whitespace-pre-wrap" : undefined}>
            {expanded ? text : short}
          </span>
          <button
            type="button"
            aria-expanded={expanded}
            aria-label={expanded ? `Show less of ${column}` : `Show all of ${column} (${text.length.toLocaleString("en")} characters)`}
            onClick={() => setExpanded(!expanded)}
            className="inline-flex size-6 shrink-0 cursor-pointer items-center justify-center rounded border border-input bg-background p-0 text-muted-foreground hover:bg-muted hover:text-foreground"
          >
            {expanded ? <ChevronUp aria-hidden className="size-3.5" /> : <ChevronDown aria-hidden className="size-3.5" />}
          </button>
        </span>
      )}
      {cut ? (
        <span className="text-muted-foreground" title="Cut to fit max_bytes">
          {" "}
          ✂
        </span>
      ) : null}
    </td>
  );
}
