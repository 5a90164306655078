"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useMemo, useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import {
  CHAT_CONFIG_SCHEMAS,
  connectionFormSchema,
  NOTHING_STORED,
  storedSecretsOf,
  type ChatConnector,
  type ConnectionFormBody,
  type ConnectionFormValues,
} from "@connections/core";
import { ConnectionFields } from "~/connection-fields/connection-fields.tsx";
import { ErrorSummary } from "~/connection-fields/error-summary.tsx";
import { fieldPaths } from "~/connection-fields/field-paths.ts";
import { SaveButton, SaveWaitReason, TestButton } from "~/connection-fields/form-buttons.tsx";
import { newConnectionValues, savedConnectionValues } from "~/connection-fields/form-values.ts";
import { placeSaveError, useSaving } from "~/connection-fields/save-request.ts";
import { showPinnedHostKeys } from "~/connection-fields/seen-host-keys.ts";
import { trpc } from "~/trpc-client.ts";
import { Button } from "~/ui/button.tsx";
import { Dialog } from "~/ui/dialog.tsx";
import { FormTestResult } from "../connections/_form/form-test-result.tsx";
import { useFormTest } from "../connections/_form/use-form-test.ts";

const FORM_ID = "chat-connector-form";

type CreateInput = Parameters<typeof trpc.chatConnector.create.mutate>[0];
type UpdateInput = Parameters<typeof trpc.chatConnector.update.mutate>[0];
type UnsavedInput = Parameters<typeof trpc.chatConnector.testUnsavedLive.mutate>[0];

/**
 * Connect a database to Chat, or edit a connector: the same fields as the Connections form, Test
 * before saving, and Cancel / Test / Save in a footer that stays in view while the body scrolls.
 */
interface ConnectModalProps {
  open: boolean;
  /** The connector to edit; none to connect a new one. */
  editing: ChatConnector | null;
  onOpenChange: (open: boolean) => void;
  onSaved: (connector: ChatConnector) => void;
  /** The element to focus once the dialog has closed. */
  focusOnClose: () => HTMLElement | null;
}

export function ConnectModal(props: ConnectModalProps) {
  const { open } = props;
  // A fresh form for each opening, from the connector's (or blank) values; between openings the
  // closed dialog stays mounted, so it closes (and hands focus back) as a dialog does.
  const [opening, setOpening] = useState(0);
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setOpening((count) => count + 1);
  }
  return <ConnectorDialog key={opening} {...props} />;
}

function ConnectorDialog({ open, editing, onOpenChange, onSaved, focusOnClose }: ConnectModalProps) {
  const stored = useMemo(() => (editing ? storedSecretsOf(editing) : NOTHING_STORED), [editing]);
  const form = useForm<ConnectionFormValues, unknown, ConnectionFormBody>({
    // The Connections form's schema with Chat's config rules: "all four bastion fields or nothing".
    resolver: zodResolver(connectionFormSchema(stored, CHAT_CONFIG_SCHEMAS)),
    defaultValues: editing ? savedConnectionValues(editing) : newConnectionValues(),
    shouldUnregister: true,
    // The error summary takes the focus instead; its links lead to each field.
    shouldFocusError: false,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const { saving, track } = useSaving();
  const test = useFormTest(
    {
      saved: editing ? () => trpc.chatConnector.testLive.mutate({ id: editing.id }) : undefined,
      unsaved: (body) => trpc.chatConnector.testUnsavedLive.mutate({ type: body.type, config: body.config } as UnsavedInput),
    },
    form.setError,
    (seen) => showPinnedHostKeys(form, seen),
  );
  const dirty = Object.keys(form.formState.dirtyFields).length > 0;
  const knownFields = () => new Set(["name", ...fieldPaths(form.getValues())]);
  const [tunnel, tunnelMode] = useWatch({ control: form.control, name: ["tunnel", "tunnel_mode"] });
  const testBlocked =
    editing && dirty
      ? "Save your changes to test them with the stored secrets."
      : !editing && tunnel && tunnelMode === "reverse"
        ? "Save first, then start the agent: a test cannot pass before it connects."
        : null;
  const editingId = editing?.id;
  const fetchAgentStatus = useCallback(() => trpc.chatConnector.agentStatus.query({ id: editingId ?? "" }), [editingId]);
  const editingTunnel = editing && "ssh_tunnel" in editing.config ? editing.config.ssh_tunnel : undefined;
  const savedReverse =
    editing && editingTunnel?.mode === "reverse"
      ? { tunnel: editingTunnel, database: { host: editing.config.host, port: editing.config.port }, fetchStatus: fetchAgentStatus }
      : undefined;

  const save = (body: ConnectionFormBody) => track(() => saveBody(body));

  async function saveBody(body: ConnectionFormBody) {
    setFormError(null);
    test.clear();
    try {
      const connector = editing
        ? await trpc.chatConnector.update.mutate({
            id: editing.id,
            name: body.name,
            read_only: body.read_only,
            config: body.config,
          } as UpdateInput)
        : await trpc.chatConnector.create.mutate(body as CreateInput);
      onSaved(connector);
      onOpenChange(false);
    } catch (error) {
      setFormError(placeSaveError(error, form.setError, knownFields()));
    }
  }

  const runTest = form.handleSubmit((body) => test.run(body, dirty, knownFields()));

  return (
    <FormProvider {...form}>
      <Dialog
        open={open}
        onOpenChange={onOpenChange}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          focusOnClose()?.focus();
        }}
        className="w-[min(44rem,calc(100vw-1.5rem))]"
        title={editing ? `Edit ${editing.name}` : "Connect a database"}
        description="A connector is yours alone: nobody else sees it, not even your project's members."
        footer={
          <>
            <Button onClick={() => onOpenChange(false)}>Cancel</Button>
            <TestButton running={test.state.running} blockedBy={testBlocked ? "chat-test-blocked" : null} onClick={() => void runTest()} />
            <SaveButton form={FORM_ID} saving={saving} testing={test.state.running} label="Save" />
          </>
        }
      >
        <form id={FORM_ID} className="space-y-5" onSubmit={(event) => void form.handleSubmit(save)(event)} noValidate>
          <ErrorSummary />
          <ConnectionFields
            stored={stored}
            savedType={editing?.type}
            allowGeneratedKey={false}
            headingLevel={3}
            namePlaceholder="analytics"
            savedReverse={savedReverse}
          />
          <SaveWaitReason testing={test.state.running} />
          {testBlocked ? (
            <p id="chat-test-blocked" className="text-sm text-muted-foreground">
              {testBlocked}
            </p>
          ) : null}
          {formError ? (
            <p role="alert" className="text-sm text-danger">
              {formError}
            </p>
          ) : null}
          <FormTestResult state={test.state} />
        </form>
      </Dialog>
    </FormProvider>
  );
}
