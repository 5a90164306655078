"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { FormProvider, useForm, useWatch, type Resolver } from "react-hook-form";
import {
  CHAT_TUNNEL_REQUIRED_FIELDS,
  CONNECTION_TYPE_NAMES,
  CONNECTION_TYPE_REGISTRY,
  connectionTypeOptions,
  createChatConnectorInputSchema,
  isFieldShown,
  missingChatTunnelFields,
  portPlaceholder,
  valueAtPath,
  type ChatConnector,
  type ConnectionType,
  type CreateChatConnectorInput,
} from "@connections/core";
import { trpc } from "~/trpc-client.ts";
import { Field } from "~/ui/field.tsx";
import { Dialog } from "~/ui/dialog.tsx";
import { applyServerFieldErrors, serverFieldErrors } from "~/ui/server-errors.ts";
import { SwitchField } from "~/ui/switch-field.tsx";
import { BastionFields } from "./bastion-fields.tsx";
import { modalFieldsOf, registeredPath } from "./connector-fields.ts";
import { ConfigField } from "./config-field.tsx";
import { messageAt } from "./form-errors.ts";

interface ConnectForm {
  name: string;
  type: ConnectionType;
  config: Record<string, unknown>;
}

const DEFAULT_TYPE: ConnectionType = CONNECTION_TYPE_NAMES[0];
const TYPE_OPTIONS = connectionTypeOptions(CONNECTION_TYPE_REGISTRY);
// The resolver's output is the shared schema's own parse, so the server receives what it validates.
const resolver = zodResolver(createChatConnectorInputSchema) as unknown as Resolver<ConnectForm, unknown, CreateChatConnectorInput>;

function knownFields(type: ConnectionType): Set<string> {
  const config = modalFieldsOf(type).flatMap((field) => [registeredPath(field), `config.${field.path}`]);
  const tunnel = [...Object.keys(CHAT_TUNNEL_REQUIRED_FIELDS), "private_key_passphrase"].map((field) => `config.ssh_tunnel.${field}`);
  return new Set(["name", "type", ...config, ...tunnel]);
}

/** The connect modal: name, type, the type's fields and an optional SSH bastion; saves a chat connector. */
export function ConnectModal({
  open,
  onOpenChange,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (connector: ChatConnector) => void;
}) {
  const form = useForm<ConnectForm, unknown, CreateChatConnectorInput>({
    resolver,
    // Fields that leave the form (another type's, the bastion's when switched off) leave the request too.
    shouldUnregister: true,
    defaultValues: { name: "", type: DEFAULT_TYPE, config: {} },
  });
  const { register, handleSubmit, control, reset, setError, formState } = form;
  const [bastion, setBastion] = useState(false);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  // Unregistered while the modal is closed (shouldUnregister), so fall back to the default.
  const type = useWatch({ control, name: "type" }) ?? DEFAULT_TYPE;
  const config = (useWatch({ control, name: "config" }) ?? {}) as Record<string, unknown>;
  const tunnel = config.ssh_tunnel as Record<string, unknown> | undefined;
  const missing =
    bastion && formState.errors.config && "ssh_tunnel" in formState.errors.config ? missingChatTunnelFields(tunnel ?? {}) : [];
  const otherErrors = Object.keys(formState.errors).length > 0 && missing.length === 0;

  function close(next: boolean) {
    if (!next) {
      reset();
      setBastion(false);
      setUnplaced([]);
    }
    onOpenChange(next);
  }

  async function save(input: CreateChatConnectorInput) {
    setSaving(true);
    setUnplaced([]);
    try {
      const connector = await trpc.chatConnector.create.mutate(input);
      onSaved(connector);
      close(false);
    } catch (error) {
      const left = applyServerFieldErrors(error, setError, knownFields(type));
      // A failure with no field to show it on (a server error, a lost session) goes in the summary.
      setUnplaced(serverFieldErrors(error).length > 0 ? left : [error instanceof Error ? error.message : String(error)]);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="Connect a database"
      description="A connector is yours alone: nobody else sees it, not even your project's members."
    >
      <FormProvider {...form}>
        <form onSubmit={(event) => void handleSubmit(save)(event)} noValidate>
          <Field label="Name" error={messageAt(formState.errors, "name")}>
            {(control) => <input {...control} {...register("name")} autoComplete="off" placeholder="analytics" />}
          </Field>
          <Field label="Type" error={messageAt(formState.errors, "type")}>
            {(control) => (
              <select {...control} {...register("type")}>
                {TYPE_OPTIONS.map(([name, label]) => (
                  <option key={name} value={name}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="config-fields">
            {modalFieldsOf(type)
              .filter((field) => isFieldShown(field, field.shownWhen && valueAtPath(config, field.shownWhen.path)))
              .map((field) => (
                <ConfigField
                  key={field.path}
                  field={field}
                  placeholder={field.input === "port" ? portPlaceholder(CONNECTION_TYPE_REGISTRY.byType[type], config) : undefined}
                />
              ))}
          </div>
          <SwitchField label="Connect through an SSH bastion" checked={bastion} onCheckedChange={setBastion} />
          {bastion ? <BastionFields /> : null}
          <div role="alert" className="form-summary">
            {missing.length > 0 ? <p className="error">Missing for the SSH bastion: {missing.join(", ")}. Nothing was saved.</p> : null}
            {otherErrors ? <p className="error">Check the highlighted fields. Nothing was saved.</p> : null}
            {unplaced.map((message) => (
              <p key={message} className="error">
                {message}
              </p>
            ))}
          </div>
          <div className="actions">
            <button type="button" onClick={() => close(false)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </button>
          </div>
        </form>
      </FormProvider>
    </Dialog>
  );
}
