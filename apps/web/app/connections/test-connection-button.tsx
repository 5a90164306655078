"use client";

import { useRouter } from "next/navigation";
import { trpc } from "~/trpc-client.ts";
import { useAsyncAction } from "~/use-async-action.ts";
import { StageList } from "./stage-list.tsx";

/** Runs a stage-by-stage test of a saved connection and shows each stage; the list's last-test column follows. */
export function TestConnectionButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const { result: diagnosis, error, running, run } = useAsyncAction(async () => {
    const result = await trpc.connection.test.mutate({ id });
    router.refresh();
    return result;
  });

  return (
    <div>
      <button type="button" onClick={() => void run()} disabled={running} aria-label={`Test ${name}`}>
        {running ? "Testing…" : "Test"}
      </button>
      <div aria-live="polite">
        {error ? <p className="error">{error}</p> : null}
        {diagnosis ? <StageList stages={diagnosis.stages} label={`Test result for ${name}`} /> : null}
      </div>
    </div>
  );
}
