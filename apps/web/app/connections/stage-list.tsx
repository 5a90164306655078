import { CircleCheck, CircleMinus, CircleX } from "lucide-react";
import { SKIP_REASON_LABELS, STAGE_LABELS, type StageResult } from "@connections/core";
import { cn } from "~/ui/cn.ts";

/** A stage as shown: a diagnosis stage, or a key problem found before connecting (its code is a field code). */
export type ShownStage = Omit<StageResult, "code"> & { code?: string | undefined };

const STATUS = {
  ok: { icon: CircleCheck, word: "Passed", tone: "text-success" },
  failed: { icon: CircleX, word: "Failed", tone: "text-danger" },
  skipped: { icon: CircleMinus, word: "Skipped", tone: "text-muted-foreground" },
} as const;

/**
 * The stages of a test in order, each in plain words with its code in small type, its timing, why
 * it was skipped, and the code, message and hint of a failure. Shared by the list, the form and Chat.
 */
export function StageList({ stages, label }: { stages: readonly ShownStage[]; label: string }) {
  return (
    <ol className="flex flex-col gap-1.5 text-sm" aria-label={label}>
      {stages.map((stage) => {
        const status = STATUS[stage.status];
        const Icon = status.icon;
        return (
          <li key={stage.name} data-status={stage.status} data-stage={stage.name} className="flex gap-2">
            <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", status.tone)} />
            <div className="min-w-0">
              <p className="flex flex-wrap items-baseline gap-x-2">
                <span className="sr-only">{status.word}:</span>
                <span className={cn("font-medium", stage.status === "skipped" && "text-muted-foreground")}>{STAGE_LABELS[stage.name]}</span>
                <code className="font-mono text-xs text-muted-foreground">{stage.name}</code>
                <span className="text-xs text-muted-foreground">
                  {stage.status === "skipped"
                    ? `skipped${stage.skip_reason ? `: ${SKIP_REASON_LABELS[stage.skip_reason]}` : ""}`
                    : `${stage.duration_ms} ms`}
                </span>
              </p>
              {stage.status === "failed" ? (
                <div className="mt-1 break-words">
                  <p>
                    <code className="font-mono text-xs text-danger">{stage.code}</code> {stage.message}
                  </p>
                  {stage.hint ? <p className="mt-0.5 text-muted-foreground">{stage.hint}</p> : null}
                </div>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
