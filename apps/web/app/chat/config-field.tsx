"use client";

import { useFormContext } from "react-hook-form";
import type { FieldSpec } from "@connections/core";
import { Field } from "~/ui/field.tsx";
import { registeredPath, valueOf } from "./connector-fields.ts";
import { messageAt } from "./form-errors.ts";

const INPUT_TYPES = { text: "text", port: "number", password: "password" } as const;

/** One database field of the connect modal, labelled, with its error from the shared schema. */
export function ConfigField({ field, placeholder }: { field: FieldSpec; placeholder?: string | undefined }) {
  const {
    register,
    formState: { errors },
  } = useFormContext();
  const path = registeredPath(field);
  const error = messageAt(errors, path);
  // The modal asks for no PEM text (see modalFieldsOf).
  if (field.input === "pem") return null;
  if (field.input === "checkbox") {
    return (
      <div className="field checkbox-field">
        <label>
          <input type="checkbox" {...register(`config.${field.path}`)} /> {field.label}
        </label>
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    );
  }
  const input = field.input;
  const registered = register(path, { setValueAs: (raw: unknown) => valueOf(field, raw) });
  return (
    <Field label={field.label} hint={field.help} error={error}>
      {(control) =>
        input === "select" ? (
          <select {...control} {...registered}>
            {field.blank !== undefined ? <option value="">{field.blank}</option> : null}
            {field.options?.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...control}
            {...registered}
            type={INPUT_TYPES[input]}
            placeholder={placeholder ?? field.placeholder}
            autoComplete={input === "password" ? "new-password" : "off"}
            inputMode={input === "port" ? "numeric" : undefined}
          />
        )
      }
    </Field>
  );
}
