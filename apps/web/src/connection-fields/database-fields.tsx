"use client";

import { useFormContext, useWatch } from "react-hook-form";
import {
  CONNECTION_TYPE_REGISTRY,
  databaseFieldsOf,
  fieldRows,
  isFieldShown,
  isSecretField,
  portPlaceholder,
  valueAtPath,
  type AnyConnectionTypeDefinition,
  type ConnectionFormValues,
  type ConnectionType,
  type FieldSpec,
  type StoredSecrets,
} from "@connections/core";
import { FieldRow } from "~/ui/field.tsx";
import { CheckboxField, KEPT_HINT, SecretField, SelectField, TextAreaField, TextField, type FieldName } from "./bound-fields.tsx";

type Config = Record<string, unknown>;

function selectOptions(field: FieldSpec): Array<readonly [string, string]> {
  return [
    ...(field.blank !== undefined ? [["", field.blank] as const] : []),
    ...(field.options ?? []).map((value) => [value, value] as const),
  ];
}

/** One config field as the control its spec names; a secret is write-only. */
function SpecField({
  definition,
  field,
  config,
  stored,
}: {
  definition: AnyConnectionTypeDefinition;
  field: FieldSpec;
  config: Config;
  stored: StoredSecrets;
}) {
  const name = `config.${field.path}` as FieldName;
  const kept = stored.paths.has(field.path);
  switch (field.input) {
    case "text":
      return <TextField name={name} label={field.label} hint={field.help} placeholder={field.placeholder} />;
    case "port":
      return (
        <TextField
          name={name}
          label={field.label}
          hint={field.help}
          placeholder={portPlaceholder(definition, config)}
          inputMode="numeric"
        />
      );
    case "password":
      return <SecretField name={name} label={field.label} stored={kept} hint={field.help} />;
    case "select":
      return <SelectField name={name} label={field.label} options={selectOptions(field)} hint={field.help} />;
    case "checkbox":
      return <CheckboxField name={name} label={field.label} hint={field.help} />;
    case "pem": {
      const hint = isSecretField(definition, field) ? (kept ? KEPT_HINT : "Write-only: it is never shown again") : field.help;
      return <TextAreaField name={name} label={field.label} placeholder={field.placeholder} rows={3} hint={hint} />;
    }
  }
}

/** The fields of the chosen database type, from its registry field spec, named after its `config` fields. */
export function DatabaseFields({ stored }: { stored: StoredSecrets }) {
  const { control, formState } = useFormContext<ConnectionFormValues>();
  // Defaults given: in a dialog these fields mount after the form, before they are registered.
  const type = useWatch({ control, name: "type", defaultValue: formState.defaultValues?.type }) as ConnectionType;
  const config = (useWatch({ control, name: "config", defaultValue: formState.defaultValues?.config }) ?? {}) as Config;
  const definition = CONNECTION_TYPE_REGISTRY.byType[type];
  const shown = databaseFieldsOf(CONNECTION_TYPE_REGISTRY, type).filter((field) =>
    isFieldShown(field, field.shownWhen && valueAtPath(config, field.shownWhen.path)),
  );
  return (
    <>
      {fieldRows(shown).map((row) => {
        const fields = row.map((field) => (
          <SpecField key={field.path} definition={definition} field={field} config={config} stored={stored} />
        ));
        // A port sits narrow beside its host; other pairs share the row evenly.
        return row.length === 1 ? (
          fields
        ) : (
          <FieldRow key={row[0]!.path} narrowLast={row.some((field) => field.input === "port")}>
            {fields}
          </FieldRow>
        );
      })}
    </>
  );
}
