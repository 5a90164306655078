import type { Diagnosis, LiveTestEvent, StageResult } from "@connections/core";

/** Reads a live test: `onStages` gets the stages ended so far after each one; resolves with the diagnosis. */
export async function followLiveTest(events: AsyncIterable<LiveTestEvent>, onStages: (stages: StageResult[]) => void): Promise<Diagnosis> {
  const stages: StageResult[] = [];
  for await (const event of events) {
    if (event.type === "done") return event.diagnosis;
    stages.push(event.stage);
    onStages([...stages]);
  }
  throw new Error("The test ended without a result; try again");
}
