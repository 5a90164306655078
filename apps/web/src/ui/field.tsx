"use client";

import { useId, type ReactNode } from "react";
import { Label } from "./label.tsx";

/** What a control needs to be tied to its label, hint and error. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

/**
 * A labelled form control with an optional hint and its error, announced to screen readers. Its
 * three parts (label, control, notes) line up across a FieldRow even when one label wraps.
 */
export function Field({
  label,
  hint,
  error,
  id: givenId,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  id?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const generated = useId();
  const id = givenId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div data-field="" className="row-span-3 grid min-w-0 grid-rows-subgrid content-start gap-1.5" data-invalid={error ? "" : undefined}>
      <Label htmlFor={id} className="self-end">
        {label}
      </Label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      <div className="min-w-0 space-y-1 empty:hidden">
        {hint ? (
          <p id={hintId} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="field-error text-sm font-medium text-danger">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Fields side by side on wide screens, stacked on narrow ones; their labels, controls and notes align. */
export function FieldRow({ narrowLast = false, children }: { narrowLast?: boolean; children: ReactNode }) {
  return (
    <div
      className={
        narrowLast
          ? "flex flex-col gap-4 sm:grid sm:grid-cols-[minmax(0,1fr)_8rem] sm:grid-rows-[auto_auto_auto] sm:gap-x-4 sm:gap-y-1.5"
          : "flex flex-col gap-4 sm:grid sm:grid-cols-2 sm:grid-rows-[auto_auto_auto] sm:gap-x-4 sm:gap-y-1.5"
      }
    >
      {children}
    </div>
  );
}
