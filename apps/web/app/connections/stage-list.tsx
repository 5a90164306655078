import { CircleCheck, CircleMinus, CircleX } from "lucide-react";
import { bastionHopOf, hopLabel, SKIP_REASON_LABELS, STAGE_LABELS, stagesByHop, type StageResult } from "@connections/core";
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
 * Through jump hosts the SSH stages repeat once per server: each run sits under its server's name.
 * `bastionHop` (the number of jump hosts + 1) names the bastion while a test streams, before the
 * `forward` stage that also tells it.
 */
export function StageList({
  stages,
  label,
  bastionHop,
}: {
  stages: readonly ShownStage[];
  label: string;
  bastionHop?: number | undefined;
}) {
  const bastion = bastionHopOf(stages) ?? bastionHop;
  return (
    <ol className="flex flex-col gap-1.5 text-sm" aria-label={label}>
      {stagesByHop(stages).map((group, position) =>
        group.hop ? (
          <li key={`hop-${position}`} className="mt-1 flex flex-col gap-1.5 first:mt-0" data-hop={group.hop.index}>
            <p className="text-xs font-semibold text-muted-foreground">{hopLabel(group.hop, bastion)}</p>
            <ol className="ml-1.5 flex flex-col gap-1.5 border-l pl-3" aria-label={hopLabel(group.hop, bastion)}>
              {group.stages.map((stage) => (
                <StageItem key={stage.name} stage={stage} />
              ))}
            </ol>
          </li>
        ) : (
          group.stages.map((stage) => <StageItem key={stage.name} stage={stage} />)
        ),
      )}
    </ol>
  );
}

function StageItem({ stage }: { stage: ShownStage }) {
  const status = STATUS[stage.status];
  const Icon = status.icon;
  return (
    <li data-status={stage.status} data-stage={stage.name} className="flex gap-2">
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
}
