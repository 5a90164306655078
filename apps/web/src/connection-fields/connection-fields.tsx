"use client";

import type { ReactNode } from "react";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import {
  CONNECTION_TYPE_REGISTRY,
  CONNECTION_TYPES,
  connectionTypeOptions,
  type ConnectionFormValues,
  type ConnectionType,
  type StoredSecrets,
} from "@connections/core";
import { SwitchField } from "~/ui/switch-field.tsx";
import { SelectField, TextField } from "./bound-fields.tsx";
import { DatabaseFields } from "./database-fields.tsx";
import { FieldSection } from "./field-section.tsx";
import type { SavedReverseTunnel } from "./reverse-tunnel-fields.tsx";
import { TunnelFields } from "./tunnel-fields.tsx";

const TYPE_OPTIONS = connectionTypeOptions(CONNECTION_TYPE_REGISTRY);

/**
 * Every field of a connection, from the registry's field spec: name and type, the type's database
 * fields, the SSH tunnel. The Connections form and the Chat connect modal both render this, so
 * they show the same words and controls and validate with the same error helper.
 */
export function ConnectionFields({
  stored,
  savedType,
  allowGeneratedKey,
  headingLevel,
  namePlaceholder,
  identityExtra,
  tunnelExtra,
  tunnelAside,
  savedReverse,
}: {
  stored: StoredSecrets;
  /** Editing: the type is fixed. */
  savedType?: ConnectionType | undefined;
  allowGeneratedKey: boolean;
  headingLevel: 2 | 3;
  namePlaceholder: string;
  identityExtra?: ReactNode;
  /** Below the bastion's fields. */
  tunnelExtra?: ReactNode;
  /** Beside the tunnel's fields, unless it is a reverse one (whose steps say what to set up). */
  tunnelAside?: ReactNode;
  savedReverse?: SavedReverseTunnel | undefined;
}) {
  const { register, watch, control, formState } = useFormContext<ConnectionFormValues>();
  const mode = useWatch({ control, name: "tunnel_mode", defaultValue: formState.defaultValues?.tunnel_mode ?? "bastion" });
  return (
    <div className="space-y-5">
      <FieldSection title="Connection" level={headingLevel}>
        <TextField name="name" label="Name" placeholder={namePlaceholder} />
        {savedType ? (
          <p className="text-sm">
            <span className="font-medium">Type</span> {CONNECTION_TYPES[savedType].label}
            <input type="hidden" {...register("type")} />
          </p>
        ) : (
          <SelectField name="type" label="Type" options={TYPE_OPTIONS} />
        )}
        <Controller
          control={control}
          name="read_only"
          render={({ field }) => (
            <SwitchField
              label="Read-only"
              checked={field.value ?? false}
              onCheckedChange={field.onChange}
              hint="Refuse every statement that changes data (INSERT, UPDATE, CREATE, DROP…). Turn it on when this connection only queries."
            />
          )}
        />
        {identityExtra}
      </FieldSection>
      <FieldSection title="Database" level={headingLevel}>
        <DatabaseFields key={watch("type")} stored={stored} />
      </FieldSection>
      <FieldSection title="SSH tunnel" level={headingLevel} aside={mode === "reverse" ? undefined : tunnelAside}>
        <TunnelFields
          stored={stored}
          allowGeneratedKey={allowGeneratedKey}
          extra={tunnelExtra}
          savedReverse={savedReverse}
          headingLevel={headingLevel === 2 ? 3 : 4}
        />
      </FieldSection>
    </div>
  );
}
