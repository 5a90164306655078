"use client";

import { LoaderCircle, PlugZap } from "lucide-react";
import { Button } from "~/ui/button.tsx";

/** Tests a saved connection; its stages show in the row's last-test badge as they end. */
export function TestConnectionButton({ name, running, onTest }: { name: string; running: boolean; onTest: () => void }) {
  return (
    <Button size="sm" onClick={onTest} disabled={running} aria-label={`Test ${name}`}>
      {running ? <LoaderCircle aria-hidden className="animate-spin" /> : <PlugZap aria-hidden />}
      {running ? "Testing…" : "Test"}
    </Button>
  );
}
