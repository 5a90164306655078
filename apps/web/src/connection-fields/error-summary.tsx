"use client";

import { useEffect, useRef } from "react";
import { useFormState, type FieldErrors } from "react-hook-form";
import { controlId } from "./bound-fields.tsx";

interface ListedError {
  path: string;
  message: string;
}

/** Every field error of a form, in the order the fields were registered (the order on screen). */
export function listedErrors(errors: FieldErrors, prefix = ""): ListedError[] {
  return Object.entries(errors).flatMap(([key, node]): ListedError[] => {
    if (!node || typeof node !== "object") return [];
    const path = prefix + key;
    if (typeof (node as { message?: unknown }).message === "string" && "type" in node) {
      return [{ path, message: (node as { message: string }).message }];
    }
    return listedErrors(node as FieldErrors, `${path}.`);
  });
}

/**
 * After a submit with errors, at the top of a long form: how many fields to fix, each a link that
 * focuses its field. It takes focus itself, so a keyboard or screen reader user starts there.
 */
export function ErrorSummary() {
  const { errors, submitCount } = useFormState();
  const listed = listedErrors(errors);
  const box = useRef<HTMLDivElement>(null);
  const shown = submitCount > 0 && listed.length > 0;
  useEffect(() => {
    if (shown) box.current?.focus();
  }, [shown, submitCount]);
  if (!shown) return null;
  return (
    <div
      ref={box}
      role="alert"
      tabIndex={-1}
      aria-labelledby="error-summary-heading"
      className="rounded-xl border border-danger/50 bg-danger/10 p-4 focus-visible:outline-2 focus-visible:outline-ring"
    >
      <h2 id="error-summary-heading" className="text-base font-semibold text-danger">
        Fix {listed.length === 1 ? "1 field" : `${listed.length} fields`} before saving
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        {listed.map(({ path, message }) => (
          <li key={path}>
            <a
              href={`#${controlId(path)}`}
              className="text-foreground underline underline-offset-2"
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(controlId(path))?.focus();
              }}
            >
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
