"use client";

import { useState } from "react";

/** Runs an async call from a button: its latest result, its error message, and whether it is running. */
export function useAsyncAction<T, A extends unknown[]>(action: (...args: A) => Promise<T>) {
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  async function run(...args: A): Promise<void> {
    setRunning(true);
    setError(null);
    try {
      setResult(await action(...args));
    } catch (failure) {
      setResult(null);
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setRunning(false);
    }
  }

  return { result, error, running, run };
}
