"use client";

import { Loader2 } from "lucide-react";
import { Button } from "~/ui/button.tsx";

// The Test and Save buttons of the Connections form and the Chat modal: each says what it is
// doing, and Save is disabled only while a request is in flight, with the reason shown.

export const SAVE_WAIT_ID = "save-wait-reason";

export function TestButton({
  running,
  blockedBy,
  onClick,
}: {
  running: boolean;
  /** The id of the text saying why Test cannot run now, if it cannot. */
  blockedBy: string | null;
  onClick: () => void;
}) {
  return (
    <Button onClick={onClick} disabled={running || blockedBy !== null} aria-busy={running} aria-describedby={blockedBy ?? undefined}>
      {running ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {running ? "Testing…" : "Test"}
    </Button>
  );
}

export function SaveButton({ saving, testing, label, form }: { saving: boolean; testing: boolean; label: string; form?: string }) {
  return (
    <Button
      type="submit"
      form={form}
      variant="primary"
      disabled={saving || testing}
      aria-busy={saving}
      aria-describedby={testing ? SAVE_WAIT_ID : undefined}
    >
      {saving ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {saving ? "Saving…" : label}
    </Button>
  );
}

/** Why Save is disabled right now, next to it. */
export function SaveWaitReason({ testing }: { testing: boolean }) {
  return testing ? (
    <p id={SAVE_WAIT_ID} className="text-sm text-muted-foreground">
      Save is available again when the test ends.
    </p>
  ) : null;
}
