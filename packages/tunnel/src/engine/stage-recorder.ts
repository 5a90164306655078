import type { Hop, StageName, StageResult, StageSkipReason } from "@connections/core";
import { TunnelError } from "./tunnel-error.ts";

export type StageListener = (result: StageResult) => void;

/** Collects each stage's outcome and timing for a diagnosis, telling `onStage` as each one ends. */
export class StageRecorder {
  constructor(
    private readonly onStage?: StageListener,
    readonly results: StageResult[] = [],
    private readonly hop?: Hop,
  ) {}

  /** The same record, its stages marked as run against `hop` (when there is one). */
  atHop(hop: Hop | undefined): StageRecorder {
    return new StageRecorder(this.onStage, this.results, hop);
  }

  ok(name: StageName, startedAt: number): void {
    this.record({ name, ...this.hopField(this.hop), status: "ok", duration_ms: elapsed(startedAt) });
  }

  // A failure names its own server: forwarding refused by a jump host is that host's, not the next one's.
  failed(error: TunnelError, startedAt: number): void {
    this.record({
      name: error.stage,
      ...this.hopField(error.hop ?? this.hop),
      status: "failed",
      duration_ms: elapsed(startedAt),
      code: error.code,
      message: error.message,
      hint: error.hint,
    });
  }

  skipped(name: StageName, reason: StageSkipReason): void {
    this.record({ name, ...this.hopField(this.hop), status: "skipped", duration_ms: 0, skip_reason: reason });
  }

  private hopField(hop: Hop | undefined): { hop?: Hop } {
    return hop ? { hop } : {};
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
