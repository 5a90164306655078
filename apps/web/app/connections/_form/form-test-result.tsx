"use client";

import { StageList } from "../stage-list.tsx";
import type { FormTestState } from "./use-form-test.ts";

/** The form's test outcome: each stage with its timing, or why the test could not run. */
export function FormTestResult({ state, id }: { state: FormTestState; id?: string }) {
  return (
    <section className="test-result space-y-2" aria-live="polite" aria-busy={state.running} aria-label="Test" id={id}>
      {state.running ? (
        <p role="status" className="text-sm text-muted-foreground">
          Testing: resolving, connecting, authenticating, forwarding and querying…
        </p>
      ) : null}
      {state.ok !== null && !state.running ? (
        <p role="status" className={state.ok ? "text-sm font-medium text-success" : "text-sm font-medium text-danger"}>
          {state.ok ? "Test passed: every stage worked." : "Test failed."}
        </p>
      ) : null}
      {state.stages ? <StageList stages={state.stages} label="Test result" bastionHop={state.bastionHop} /> : null}
      {state.error ? (
        <p className="text-sm text-danger" id="test-error">
          {state.error}
        </p>
      ) : null}
    </section>
  );
}
