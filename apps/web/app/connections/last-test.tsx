"use client";

import { ChevronDown, CircleCheck, CircleX, LoaderCircle } from "lucide-react";
import { bastionHopOf, hopName, STAGE_LABELS, type LastTest as StoredTest } from "@connections/core";
import { Badge } from "~/ui/badge.tsx";
import { Popover, PopoverContent, PopoverTrigger } from "~/ui/popover.tsx";
import { utcTime } from "~/utc-time.ts";
import { StageList } from "./stage-list.tsx";
import type { RowTest } from "./use-connection-tests.ts";

interface Shown {
  tone: "success" | "danger" | "info";
  text: string;
  at: string | null;
}

function shownOf(stored: StoredTest | null, test: RowTest | undefined, bastionHop: number | undefined): Shown | null {
  if (test?.running) return { tone: "info", text: "Testing…", at: null };
  if (test?.error) return { tone: "danger", text: "Test did not run", at: test.at };
  if (test?.diagnosis) {
    const failed = test.diagnosis.stages.find((stage) => stage.status === "failed");
    // Through jump hosts, which server too: "Failed at SSH login, jump host 1".
    const where = failed?.hop ? `, ${hopName(failed.hop, bastionHopOf(test.diagnosis.stages) ?? bastionHop).toLowerCase()}` : "";
    return failed
      ? { tone: "danger", text: `Failed at ${STAGE_LABELS[failed.name]}${where}`, at: test.at }
      : { tone: "success", text: "Passed", at: test.at };
  }
  if (!stored) return null;
  return stored.ok
    ? { tone: "success", text: "Passed", at: stored.at }
    : { tone: "danger", text: stored.failed_stage ? `Failed at ${STAGE_LABELS[stored.failed_stage]}` : "Failed", at: stored.at };
}

const ICONS = { success: CircleCheck, danger: CircleX, info: LoaderCircle } as const;

/**
 * The row's last test as one badge: passed, failed at a stage, or testing. The badge opens a popover
 * with the details (every stage while a test runs), so the row keeps its height.
 */
export function LastTest({
  name,
  stored,
  test,
  jumpHosts = 0,
}: {
  name: string;
  stored: StoredTest | null;
  test?: RowTest | undefined;
  jumpHosts?: number;
}) {
  const bastionHop = jumpHosts > 0 ? jumpHosts + 1 : undefined;
  const shown = shownOf(stored, test, bastionHop);
  if (!shown) {
    return (
      <span className="inline-flex flex-col items-start gap-0.5" aria-live="polite">
        <Badge tone="neutral">Not tested</Badge>
        <span className="text-xs text-muted-foreground">Test checks every stage</span>
      </span>
    );
  }
  const Icon = ICONS[shown.tone];
  return (
    <span className="inline-flex flex-col items-start gap-0.5" aria-live="polite">
      <Popover>
        <PopoverTrigger className="inline-flex cursor-pointer rounded-full border-0 bg-transparent p-0 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring">
          <Badge tone={shown.tone}>
            <Icon aria-hidden className={shown.tone === "info" ? "animate-spin" : undefined} />
            {shown.text}
            <span className="sr-only">: test details for {name}</span>
            <ChevronDown aria-hidden />
          </Badge>
        </PopoverTrigger>
        <PopoverContent aria-label={`Test of ${name}`}>
          <TestDetails name={name} shown={shown} stored={stored} test={test} bastionHop={bastionHop} />
        </PopoverContent>
      </Popover>
      <span className="text-xs text-muted-foreground">
        {shown.at ? <time dateTime={shown.at}>{utcTime(shown.at)}</time> : "running now"}
      </span>
    </span>
  );
}

function TestDetails({
  name,
  shown,
  stored,
  test,
  bastionHop,
}: {
  name: string;
  shown: Shown;
  stored: StoredTest | null;
  test: RowTest | undefined;
  bastionHop: number | undefined;
}) {
  return (
    <div className="flex flex-col gap-3">
      <div>
        <p className="font-medium">
          {name}: {shown.text}
        </p>
        {shown.at ? <p className="text-xs text-muted-foreground">{utcTime(shown.at)}</p> : null}
      </div>
      {test?.error ? (
        <p className="text-danger" role="alert">
          {test.error}
        </p>
      ) : test ? (
        <StageList stages={test.stages} label={`Test result for ${name}`} bastionHop={bastionHop} />
      ) : stored && !stored.ok ? (
        <p>
          <code className="font-mono text-xs text-danger">{stored.code}</code> at{" "}
          {stored.failed_stage ? STAGE_LABELS[stored.failed_stage] : "an unknown stage"}. Run Test again to see each stage with its timing
          and a hint.
        </p>
      ) : (
        <p className="text-muted-foreground">
          Every stage passed, from DNS to a test query. Run Test again to see each stage with its timing.
        </p>
      )}
    </div>
  );
}
