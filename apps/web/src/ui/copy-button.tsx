"use client";

import { useState } from "react";
import { Button } from "./button.tsx";

/** Copies a text to the clipboard and says so; where the clipboard is unavailable, says how to copy by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  }

  return (
    <span className="flex flex-wrap items-center gap-2">
      <Button size="sm" onClick={() => void copy()} aria-label={label}>
        Copy
      </Button>
      <span role="status" className="text-sm text-muted-foreground">
        {outcome === "copied" ? "Copied" : outcome === "failed" ? "Select the text and press Ctrl+C to copy it" : ""}
      </span>
    </span>
  );
}
