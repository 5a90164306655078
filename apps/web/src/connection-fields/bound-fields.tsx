"use client";

import { useId, type ReactNode } from "react";
import { get, useFormContext, type FieldPath } from "react-hook-form";
import type { ConnectionFormValues } from "@connections/core";
import { Field } from "~/ui/field.tsx";
import { Input } from "~/ui/input.tsx";
import { Select } from "~/ui/select.tsx";
import { Textarea } from "~/ui/textarea.tsx";

// Controls bound to a connection form by name (the request body's dotted path), each with its
// label, hint and error tied to it through Field. Both the Connections form and the Chat modal use them.

export type FieldName = FieldPath<ConnectionFormValues>;

export const KEPT_HINT = "Stored — leave blank to keep it";

/** The id of a field's control, so an error summary can link to it. */
export function controlId(name: string): string {
  return `field-${name.replaceAll(".", "-")}`;
}

function useFieldError(name: FieldName): string | undefined {
  const { formState } = useFormContext<ConnectionFormValues>();
  return (get(formState.errors, name) as { message?: string } | undefined)?.message;
}

export function TextField({
  name,
  label,
  hint,
  placeholder,
  inputMode,
}: {
  name: FieldName;
  label: ReactNode;
  hint?: ReactNode;
  placeholder?: string | undefined;
  inputMode?: "numeric" | "text";
}) {
  const { register } = useFormContext<ConnectionFormValues>();
  return (
    <Field id={controlId(name)} label={label} hint={hint} error={useFieldError(name)}>
      {(control) => (
        <Input
          {...control}
          {...register(name)}
          type="text"
          inputMode={inputMode}
          placeholder={placeholder}
          autoComplete="off"
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
export function SecretField({ name, label, stored, hint }: { name: FieldName; label: ReactNode; stored: boolean; hint?: ReactNode }) {
  const { register } = useFormContext<ConnectionFormValues>();
  const error = useFieldError(name);
  return (
    <Field id={controlId(name)} label={label} hint={stored && !error ? KEPT_HINT : hint} error={error}>
      {(control) => <Input {...control} {...register(name)} type="password" autoComplete="new-password" />}
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
  name: FieldName;
  label: ReactNode;
  hint?: ReactNode;
  placeholder?: string | undefined;
  rows?: number;
}) {
  const { register } = useFormContext<ConnectionFormValues>();
  return (
    <Field id={controlId(name)} label={label} hint={hint} error={useFieldError(name)}>
      {(control) => (
        <Textarea
          {...control}
          {...register(name)}
          rows={rows}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          className="font-mono text-xs sm:text-xs"
        />
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
  name: FieldName;
  label: string;
  options: ReadonlyArray<readonly [value: string, label: string]>;
  hint?: ReactNode;
}) {
  const { register } = useFormContext<ConnectionFormValues>();
  return (
    <Field id={controlId(name)} label={label} hint={hint} error={useFieldError(name)}>
      {(control) => (
        <Select {...control} {...register(name)}>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

export function CheckboxField({ name, label, hint }: { name: FieldName; label: ReactNode; hint?: ReactNode }) {
  const { register } = useFormContext<ConnectionFormValues>();
  const error = useFieldError(name);
  const hintId = useId();
  return (
    <div data-field="" className="space-y-1">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          id={controlId(name)}
          type="checkbox"
          className="size-4 accent-primary"
          {...register(name)}
          aria-invalid={Boolean(error)}
          aria-describedby={hint ? hintId : undefined}
        />
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? <p className="field-error text-sm font-medium text-danger">{error}</p> : null}
    </div>
  );
}
