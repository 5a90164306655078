"use client";

import { StageList } from "../stage-list.tsx";
import type { FormTestState } from "./use-form-test.ts";

/** The form's test outcome: each stage with its timing, or why the test could not run. */
export function FormTestResult({ state }: { state: FormTestState }) {
  return (
    <section className="test-result" aria-live="polite" aria-busy={state.running}>
      {state.running ? <p role="status">Testing: resolving, connecting, authenticating, forwarding and querying…</p> : null}
      {state.ok !== null && !state.running ? (
        <p role="status" className={state.ok ? "ok-message" : "error"}>
          {state.ok ? "Test passed: every stage worked." : "Test failed."}
        </p>
      ) : null}
      {state.stages ? <StageList stages={state.stages} label="Test result" /> : null}
      {state.error ? (
        <p className="error" id="test-error">
          {state.error}
        </p>
      ) : null}
    </section>
  );
}
