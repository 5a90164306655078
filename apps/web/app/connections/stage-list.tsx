import type { StageResult } from "@connections/core";

/** A stage as shown: a diagnosis stage, or a key problem found before connecting (its code is a field code). */
export type ShownStage = Omit<StageResult, "code"> & { code?: string | undefined };

/** The stages of a test in order, each with its status and timing, and the code, message and hint of a failure. */
export function StageList({ stages, label }: { stages: readonly ShownStage[]; label: string }) {
  return (
    <ol className="stages" aria-label={label}>
      {stages.map((stage) => (
        <li key={stage.name} data-status={stage.status}>
          <span className={`status ${stage.status}`}>{stage.status}</span>{" "}
          <span className="stage-name">
            {stage.name}
            {stage.status === "skipped" ? null : <span className="muted"> {stage.duration_ms} ms</span>}
          </span>
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
  );
}
