"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import {
  connectionFormSchema,
  NOTHING_STORED,
  storedSecretsOf,
  type Connection,
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
import { useHydrated } from "~/use-hydrated.ts";
import { toast } from "~/ui/toast.tsx";
import { Label } from "~/ui/label.tsx";
import { Select } from "~/ui/select.tsx";
import { BastionChecklist } from "./bastion-checklist.tsx";
import { FormTestResult } from "./form-test-result.tsx";
import { PublicKeyPanel } from "./public-key-panel.tsx";
import { useFormTest } from "./use-form-test.ts";

type UnsavedInput = Parameters<typeof trpc.connection.testUnsavedLive.mutate>[0];

type CreateInput = Parameters<typeof trpc.connection.create.mutate>[0];

/** Create or edit a connection: its type's fields, the SSH tunnel, Test before saving, Save. */
export function ConnectionForm({
  projectIds,
  connection,
  created = false,
}: {
  projectIds: readonly string[];
  connection?: Connection;
  created?: boolean;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(connection);
  const [projectId, setProjectId] = useState(connection?.project_id ?? projectIds[0] ?? "");
  const [status, setStatus] = useState<string | null>(created ? "Connection created." : null);
  const [formError, setFormError] = useState<string | null>(null);
  const { saving, track } = useSaving();
  const stored = useMemo(() => (saved ? storedSecretsOf(saved) : NOTHING_STORED), [saved]);
  const schema = useMemo(() => connectionFormSchema(stored), [stored]);
  const form = useForm<ConnectionFormValues, unknown, ConnectionFormBody>({
    resolver: zodResolver(schema),
    defaultValues: saved ? savedConnectionValues(saved) : newConnectionValues(),
    // Only the fields on screen (this type's, the tunnel's when it is on) are validated and sent.
    shouldUnregister: true,
    // The error summary takes the focus instead; its links lead to each field.
    shouldFocusError: false,
  });
  const testCalls = {
    saved: saved ? () => trpc.connection.testLive.mutate({ id: saved.id }) : undefined,
    unsaved: (body: ConnectionFormBody) =>
      trpc.connection.testUnsavedLive.mutate({ type: body.type, config: body.config, project_id: projectId } as UnsavedInput),
  };
  const test = useFormTest(testCalls, form.setError, (seen) => showPinnedHostKeys(form, seen));
  const [tunnel, tunnelMode, keySource, jumpHosts] = useWatch({
    control: form.control,
    name: ["tunnel", "tunnel_mode", "key_source", "config.ssh_tunnel.jump_hosts"],
  });
  const dirty = Object.keys(form.formState.dirtyFields).length > 0;
  const knownFields = () => new Set(["name", ...fieldPaths(form.getValues())]);
  const savedTunnel = saved && "ssh_tunnel" in saved.config ? saved.config.ssh_tunnel : undefined;
  const savedId = saved?.id;
  const fetchAgentStatus = useCallback(() => trpc.connection.agentStatus.query({ id: savedId ?? "" }), [savedId]);
  const savedReverse =
    saved && savedTunnel?.mode === "reverse"
      ? { tunnel: savedTunnel, database: { host: saved.config.host, port: saved.config.port }, fetchStatus: fetchAgentStatus }
      : undefined;

  const save = (body: ConnectionFormBody) => track(() => saveBody(body));

  async function saveBody(body: ConnectionFormBody) {
    setStatus(null);
    setFormError(null);
    test.clear();
    try {
      if (saved) {
        const updated = await trpc.connection.update.mutate({
          id: saved.id,
          name: body.name,
          read_only: body.read_only,
          config: body.config,
        });
        setSaved(updated);
        form.reset(savedConnectionValues(updated));
        setStatus("Saved.");
        router.refresh();
      } else {
        const made = await trpc.connection.create.mutate({ ...body, project_id: projectId } as CreateInput);
        // A generated key must go onto the bastion first: its edit page shows the public key.
        if (
          "ssh_tunnel" in made.config &&
          made.config.ssh_tunnel?.mode === "bastion" &&
          made.config.ssh_tunnel.key_source === "generated"
        ) {
          router.push(`/connections/${made.id}/edit?created=1`);
        } else {
          toast({ title: "Connection created", description: made.name });
          router.push("/connections");
        }
      }
    } catch (error) {
      setFormError(placeSaveError(error, form.setError, knownFields()));
    }
  }

  const runTest = form.handleSubmit((body) => test.run(body, dirty, knownFields()));
  const testBlocked =
    saved && dirty
      ? "Save your changes to test them with the stored secrets."
      : !saved && tunnel && tunnelMode === "reverse"
        ? "Save first, then start the agent: a test cannot pass before it connects."
        : !saved && tunnel && keySource === "generate"
          ? "Save first, then add the generated public key on the bastion: a test cannot pass before that."
          : null;

  const hydrated = useHydrated();
  return (
    <FormProvider {...form}>
      <form
        className="space-y-5"
        onSubmit={form.handleSubmit(save)}
        noValidate
        aria-label={saved ? `Edit ${saved.name}` : "New connection"}
      >
        <fieldset disabled={!hydrated} className="contents">
          <ErrorSummary />
          <ConnectionFields
            stored={stored}
            savedType={saved?.type}
            allowGeneratedKey
            headingLevel={2}
            namePlaceholder="analytics-postgres"
            identityExtra={
              !saved && projectIds.length > 1 ? (
                <div className="grid gap-1.5">
                  <Label htmlFor="project">Project</Label>
                  <Select id="project" value={projectId} onChange={(event) => setProjectId(event.target.value)}>
                    {projectIds.map((id) => (
                      <option key={id}>{id}</option>
                    ))}
                  </Select>
                </div>
              ) : null
            }
            tunnelExtra={savedTunnel?.mode === "bastion" ? <PublicKeyPanel tunnel={savedTunnel} /> : null}
            savedReverse={savedReverse}
            tunnelAside={<BastionChecklist jumpHosts={(jumpHosts as unknown[] | undefined)?.length ?? 0} />}
          />
          <div className="space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <TestButton running={test.state.running} blockedBy={testBlocked ? "test-blocked" : null} onClick={() => void runTest()} />
              <SaveButton saving={saving} testing={test.state.running} label={saved ? "Save" : "Create connection"} />
            </div>
            <SaveWaitReason testing={test.state.running} />
            {testBlocked ? (
              <p id="test-blocked" className="text-sm text-muted-foreground">
                {testBlocked}
              </p>
            ) : null}
            <div aria-live="polite">
              {status ? (
                <p role="status" className="text-sm font-medium text-success" id="form-status">
                  {status}
                </p>
              ) : null}
              {formError ? (
                <p className="text-sm text-danger" id="form-error">
                  {formError}
                </p>
              ) : null}
            </div>
          </div>
          <FormTestResult state={test.state} />
        </fieldset>
      </form>
    </FormProvider>
  );
}
