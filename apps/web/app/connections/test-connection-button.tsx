"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { StageResult } from "@connections/core";
import { followLiveTest } from "~/follow-live-test.ts";
import { trpc } from "~/trpc-client.ts";
import { useAsyncAction } from "~/use-async-action.ts";
import { StageList } from "./stage-list.tsx";

/** Tests a saved connection, showing each stage as it ends; the list's last-test column follows. */
export function TestConnectionButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [live, setLive] = useState<StageResult[] | null>(null);
  const {
    result: diagnosis,
    error,
    running,
    run,
  } = useAsyncAction(async () => {
    setLive([]);
    const result = await followLiveTest(await trpc.connection.testLive.mutate({ id }), setLive);
    router.refresh();
    return result;
  });
  const stages = running ? live : (diagnosis?.stages ?? null);

  return (
    <div>
      <button type="button" onClick={() => void run()} disabled={running} aria-label={`Test ${name}`}>
        {running ? "Testing…" : "Test"}
      </button>
      <div aria-live="polite" aria-busy={running}>
        {error ? <p className="error">{error}</p> : null}
        {stages ? <StageList stages={stages} label={`Test result for ${name}`} /> : null}
      </div>
    </div>
  );
}
