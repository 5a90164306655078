"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import {
  CONNECTION_TYPE_REGISTRY,
  CONNECTION_TYPES,
  connectionFormSchema,
  connectionTypeOptions,
  NOTHING_STORED,
  storedSecretsOf,
  type Connection,
  type ConnectionFormBody,
  type ConnectionFormValues,
} from "@connections/core";
import { trpc } from "~/trpc-client.ts";
import { applyServerFieldErrors, serverFieldErrors } from "~/ui/server-errors.ts";
import { toast } from "~/ui/toast.tsx";
import { DatabaseFields } from "./database-fields.tsx";
import { fieldPaths } from "./field-paths.ts";
import { newConnectionValues, savedConnectionValues } from "./form-defaults.ts";
import { SelectField, TextField } from "./form-fields.tsx";
import { FormTestResult } from "./form-test-result.tsx";
import { SshTunnelSection } from "./ssh-tunnel-section.tsx";
import { useFormTest } from "./use-form-test.ts";

const TYPE_OPTIONS = connectionTypeOptions(CONNECTION_TYPE_REGISTRY);

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
  const stored = useMemo(() => (saved ? storedSecretsOf(saved) : NOTHING_STORED), [saved]);
  const schema = useMemo(() => connectionFormSchema(stored), [stored]);
  const form = useForm<ConnectionFormValues, unknown, ConnectionFormBody>({
    resolver: zodResolver(schema),
    defaultValues: saved ? savedConnectionValues(saved) : newConnectionValues(),
    // Only the fields on screen (this type's, the tunnel's when it is on) are validated and sent.
    shouldUnregister: true,
  });
  const test = useFormTest(saved, projectId, form.setError, (fingerprint) => {
    // The first successful test pinned the bastion's key: keep the pin when the form is saved again.
    if (form.getValues("config.ssh_tunnel.host_key_fingerprint") === "")
      form.resetField("config.ssh_tunnel.host_key_fingerprint", { defaultValue: fingerprint });
  });
  const [type, tunnel, keySource] = useWatch({ control: form.control, name: ["type", "tunnel", "key_source"] });
  const dirty = Object.keys(form.formState.dirtyFields).length > 0;
  const knownFields = () => new Set(["name", ...fieldPaths(form.getValues())]);
  const savedTunnel = saved && "ssh_tunnel" in saved.config ? saved.config.ssh_tunnel : undefined;

  async function save(body: ConnectionFormBody) {
    setStatus(null);
    setFormError(null);
    test.clear();
    try {
      if (saved) {
        const updated = await trpc.connection.update.mutate({ id: saved.id, name: body.name, config: body.config });
        setSaved(updated);
        form.reset(savedConnectionValues(updated));
        setStatus("Saved.");
        router.refresh();
      } else {
        const made = await trpc.connection.create.mutate({ ...body, project_id: projectId } as CreateInput);
        // A generated key must go onto the bastion first: its edit page shows the public key.
        if ("ssh_tunnel" in made.config && made.config.ssh_tunnel?.key_source === "generated") {
          router.push(`/connections/${made.id}/edit?created=1`);
        } else {
          toast({ title: "Connection created", description: made.name });
          router.push("/connections");
        }
      }
    } catch (error) {
      const unplaced = applyServerFieldErrors(error, form.setError, knownFields());
      if (unplaced.length > 0 || serverFieldErrors(error).length === 0) {
        setFormError(unplaced.length > 0 ? unplaced.join("; ") : error instanceof Error ? error.message : String(error));
      }
    }
  }

  const runTest = form.handleSubmit((body) => test.run(body, dirty, knownFields()));
  const testBlocked =
    saved && dirty
      ? "Save your changes to test them with the stored secrets."
      : !saved && tunnel && keySource === "generate"
        ? "Save first, then add the generated public key on the bastion: a test cannot pass before that."
        : null;

  return (
    <FormProvider {...form}>
      <form
        className="connection-form"
        onSubmit={form.handleSubmit(save)}
        noValidate
        aria-label={saved ? `Edit ${saved.name}` : "New connection"}
      >
        <fieldset className="section">
          <legend>Connection</legend>
          <TextField name="name" label="Name" placeholder="analytics-postgres" />
          {saved ? (
            <p className="field">
              <span className="field-label">Type</span> {CONNECTION_TYPES[saved.type].label}
              <input type="hidden" {...form.register("type")} />
            </p>
          ) : (
            <SelectField name="type" label="Type" options={TYPE_OPTIONS} />
          )}
          {!saved && projectIds.length > 1 ? (
            <div className="field">
              <label htmlFor="project">Project</label>
              <select id="project" value={projectId} onChange={(event) => setProjectId(event.target.value)}>
                {projectIds.map((id) => (
                  <option key={id}>{id}</option>
                ))}
              </select>
            </div>
          ) : null}
        </fieldset>
        <fieldset className="section">
          <legend>Database</legend>
          <DatabaseFields key={type} stored={stored} />
        </fieldset>
        <SshTunnelSection stored={stored} savedTunnel={savedTunnel} />
        <div className="actions form-actions">
          <button
            type="button"
            onClick={() => void runTest()}
            disabled={test.state.running || testBlocked !== null}
            aria-describedby={testBlocked ? "test-blocked" : undefined}
          >
            {test.state.running ? "Testing…" : "Test"}
          </button>
          <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? "Saving…" : saved ? "Save" : "Create connection"}
          </button>
        </div>
        {testBlocked ? (
          <p id="test-blocked" className="muted">
            {testBlocked}
          </p>
        ) : null}
        <div aria-live="polite">
          {status ? (
            <p role="status" className="ok-message" id="form-status">
              {status}
            </p>
          ) : null}
          {formError ? (
            <p className="error" id="form-error">
              {formError}
            </p>
          ) : null}
        </div>
        <FormTestResult state={test.state} />
      </form>
    </FormProvider>
  );
}
