import { TRPCClientError } from "@trpc/client";
import { fieldSentence, type ErrorDetails, type FieldError, type StageFailure } from "@connections/core";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

interface AppErrorData {
  appCode?: string | null;
  details?: ErrorDetails | null;
}

function appErrorData(error: unknown): AppErrorData | null {
  return error instanceof TRPCClientError ? ((error.data as AppErrorData | undefined) ?? null) : null;
}

/** The field errors a tRPC call failed with (VALIDATION_FAILED and friends), each worded as a sentence, or none. */
export function serverFieldErrors(error: unknown): FieldError[] {
  const details = appErrorData(error)?.details;
  return Array.isArray(details) ? details.map((field) => ({ ...field, message: fieldSentence(field.path, field.message) })) : [];
}

/** The stage a database call failed at (test, query), if that is how it failed. */
export function serverStageFailure(error: unknown): StageFailure | null {
  const details = appErrorData(error)?.details;
  return details && !Array.isArray(details) && "stage" in details ? details : null;
}

/**
 * Puts each server field error on the form field with the same path (the forms name their fields
 * after the request body, e.g. `config.ssh_tunnel.port`); returns the messages no field showed.
 */
export function applyServerFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  knownFields: ReadonlySet<string>,
): string[] {
  const unplaced: string[] = [];
  for (const field of serverFieldErrors(error)) {
    if (knownFields.has(field.path)) setError(field.path as Path<T>, { type: "server", message: field.message });
    else unplaced.push(field.message);
  }
  return unplaced;
}
