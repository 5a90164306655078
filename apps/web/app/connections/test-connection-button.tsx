"use client";

import { trpc } from "~/trpc-client.ts";
import { useAsyncAction } from "~/use-async-action.ts";

/** Runs a stage-by-stage test and shows each stage with its timing, and the hint of a failure. */
export function TestConnectionButton({ id, name }: { id: string; name: string }) {
  const { result: diagnosis, error, running, run } = useAsyncAction(() => trpc.connection.test.mutate({ id }));

  return (
    <div>
      <button type="button" onClick={() => void run()} disabled={running} aria-label={`Test ${name}`}>
        {running ? "Testing…" : "Test"}
      </button>
      <div aria-live="polite">
        {error ? <p className="error">{error}</p> : null}
        {diagnosis ? (
          <ol className="stages" aria-label={`Test result for ${name}`}>
            {diagnosis.stages.map((stage) => (
              <li key={stage.name} data-status={stage.status}>
                <span className={`status ${stage.status}`}>{stage.status}</span> {stage.name}
                {stage.status === "ok" ? <span className="muted"> {stage.duration_ms} ms</span> : null}
                {stage.status === "failed" ? (
                  <>
                    {" "}
                    <code>{stage.code}</code>: {stage.message}
                    <br />
                    <span className="hint">{stage.hint}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}
      </div>
    </div>
  );
}
