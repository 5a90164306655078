"use client";

import { useState } from "react";
import type { FieldValues, UseFormSetError } from "react-hook-form";
import { applyServerFieldErrors, serverFieldErrors } from "~/ui/server-errors.ts";

/**
 * Whether a save request is in flight. Not formState.isSubmitting: Test also runs through
 * handleSubmit, and Save must not read "Saving…" during a test.
 */
export function useSaving() {
  const [saving, setSaving] = useState(false);
  async function track(request: () => Promise<void>): Promise<void> {
    setSaving(true);
    try {
      await request();
    } finally {
      setSaving(false);
    }
  }
  return { saving, track };
}

/**
 * Puts a failed save's field errors on their fields; returns what no field shows (a server error,
 * a lost session, a field not on screen) for the form to show, or null.
 */
export function placeSaveError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  knownFields: ReadonlySet<string>,
): string | null {
  const unplaced = applyServerFieldErrors(error, setError, knownFields);
  if (unplaced.length > 0) return unplaced.join("; ");
  if (serverFieldErrors(error).length > 0) return null;
  return error instanceof Error ? error.message : String(error);
}
