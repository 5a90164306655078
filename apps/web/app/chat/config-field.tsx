"use client";

import { useFormContext } from "react-hook-form";
import { Field } from "~/ui/field.tsx";
import { valueOf, type ConfigFieldSpec } from "./connector-fields.ts";
import { messageAt } from "./form-errors.ts";

/** One database field of the connect modal, labelled, with its error from the shared schema. */
export function ConfigField({ spec }: { spec: ConfigFieldSpec }) {
  const {
    register,
    formState: { errors },
  } = useFormContext();
  const error = messageAt(errors, spec.path);
  if (spec.input === "checkbox") {
    return (
      <div className="field checkbox-field">
        <label>
          <input type="checkbox" {...register(spec.path)} /> {spec.label}
        </label>
        {error ? <p className="field-error">{error}</p> : null}
      </div>
    );
  }
  const registered = register(spec.path, { setValueAs: (raw: unknown) => valueOf(spec, raw) });
  return (
    <Field label={spec.label} hint={spec.hint} error={error}>
      {(control) =>
        spec.input === "select" ? (
          <select {...control} {...registered}>
            {spec.optional ? <option value="">(not set)</option> : null}
            {spec.options?.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...control}
            {...registered}
            type={spec.input}
            placeholder={spec.placeholder}
            autoComplete={spec.input === "password" ? "new-password" : "off"}
            inputMode={spec.input === "number" ? "numeric" : undefined}
          />
        )
      }
    </Field>
  );
}
