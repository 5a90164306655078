import type { StageName, StageResult, StageSkipReason } from "@connections/core";
import { TunnelError } from "./tunnel-error.ts";

export type StageListener = (result: StageResult) => void;

/** Collects each stage's outcome and timing for a diagnosis, telling `onStage` as each one ends. */
export class StageRecorder {
  readonly results: StageResult[] = [];

  constructor(private readonly onStage?: StageListener) {}

  ok(name: StageName, startedAt: number): void {
    this.record({ name, status: "ok", duration_ms: elapsed(startedAt) });
  }

  failed(error: TunnelError, startedAt: number): void {
    this.record({
      name: error.stage,
      status: "failed",
      duration_ms: elapsed(startedAt),
      code: error.code,
      message: error.message,
      hint: error.hint,
    });
  }

  skipped(name: StageName, reason: StageSkipReason): void {
    this.record({ name, status: "skipped", duration_ms: 0, skip_reason: reason });
  }

  private record(result: StageResult): void {
    this.results.push(result);
    this.onStage?.(result);
  }
}

export function elapsed(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 100) / 100;
}

/** Rejects with `onTimeout()` if `work` takes longer than `ms`; `cleanup` runs on timeout. */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error, cleanup?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cleanup?.();
      reject(onTimeout());
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
