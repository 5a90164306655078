import type { Diagnosis, LiveTestEvent, StageResult } from "@connections/core";
import type { StageListener } from "@connections/tunnel";

/**
 * Runs a test and yields each stage as it ends, then the whole diagnosis, so a client can show
 * progress on a test that may wait seconds on a timeout. A failure before any stage (a field
 * error, say) is thrown to the consumer as it would be by the plain call.
 */
export async function* liveDiagnosis(run: (onStage: StageListener) => Promise<Diagnosis>): AsyncGenerator<LiveTestEvent> {
  const ended: StageResult[] = [];
  let wake: (() => void) | undefined;
  const onStage: StageListener = (stage) => {
    ended.push(stage);
    wake?.();
  };
  let settled = false;
  const result = run(onStage).finally(() => {
    settled = true;
    wake?.();
  });
  // The result is awaited below; this keeps an early rejection from counting as unhandled meanwhile.
  result.catch(() => {});
  for (;;) {
    while (ended.length > 0) yield { type: "stage", stage: ended.shift()! };
    if (settled) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  yield { type: "done", diagnosis: await result };
}
