"use client";

import type { ReactNode } from "react";
import { get, useFormContext, type FieldPath } from "react-hook-form";
import type { ConnectionFormValues } from "@connections/core";
import { Field } from "~/ui/field.tsx";

// Form controls bound to the connection form by name (the request body's dotted path), each with
// its label, hint and error tied to it through Field.

type Name = FieldPath<ConnectionFormValues>;

export const KEPT_HINT = "Stored — leave blank to keep it";

function useFieldError(name: Name): string | undefined {
  const { formState } = useFormContext<ConnectionFormValues>();
  return (get(formState.errors, name) as { message?: string } | undefined)?.message;
}

export function TextField({
  name,
  label,
  hint,
  placeholder,
  inputMode,
  autoComplete = "off",
}: {
  name: Name;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  inputMode?: "numeric" | "text";
  autoComplete?: string;
}) {
  const { register } = useFormContext<ConnectionFormValues>();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)}>
      {(control) => (
        <input
          {...control}
          {...register(name)}
          type="text"
          inputMode={inputMode}
          placeholder={placeholder}
          autoComplete={autoComplete}
          spellCheck={false}
        />
      )}
    </Field>
  );
}

/**
 * A write-only secret: never filled in; when one is stored, blank keeps it, unless the server asks
 * for it again (a new destination), when "leave blank to keep it" would be wrong.
 */
export function SecretField({ name, label, stored, hint }: { name: Name; label: string; stored: boolean; hint?: ReactNode }) {
  const { register } = useFormContext<ConnectionFormValues>();
  const error = useFieldError(name);
  return (
    <Field label={label} hint={stored && !error ? KEPT_HINT : hint} error={error}>
      {(control) => <input {...control} {...register(name)} type="password" autoComplete="new-password" />}
    </Field>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  placeholder,
  rows = 4,
}: {
  name: Name;
  label: string;
  hint?: ReactNode;
  placeholder?: string;
  rows?: number;
}) {
  const { register } = useFormContext<ConnectionFormValues>();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)}>
      {(control) => (
        <textarea {...control} {...register(name)} rows={rows} placeholder={placeholder} spellCheck={false} autoComplete="off" />
      )}
    </Field>
  );
}

export function SelectField({
  name,
  label,
  options,
  hint,
}: {
  name: Name;
  label: string;
  options: ReadonlyArray<readonly [value: string, label: string]>;
  hint?: ReactNode;
}) {
  const { register } = useFormContext<ConnectionFormValues>();
  return (
    <Field label={label} hint={hint} error={useFieldError(name)}>
      {(control) => (
        <select {...control} {...register(name)}>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({ name, label, hint }: { name: Name; label: string; hint?: ReactNode }) {
  const { register } = useFormContext<ConnectionFormValues>();
  const error = useFieldError(name);
  return (
    <div className="checkbox-field">
      <label>
        <input type="checkbox" {...register(name)} aria-invalid={Boolean(error)} /> {label}
      </label>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
