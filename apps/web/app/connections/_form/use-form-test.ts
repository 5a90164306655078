"use client";

import { useState } from "react";
import type { UseFormSetError } from "react-hook-form";
import { KEY_ERROR_HINTS, type Connection, type ConnectionFormBody, type ConnectionFormValues, type FieldError } from "@connections/core";
import { followLiveTest } from "~/follow-live-test.ts";
import { trpc } from "~/trpc-client.ts";
import { applyServerFieldErrors, serverFieldErrors } from "~/ui/server-errors.ts";
import type { ShownStage } from "../stage-list.tsx";

const FIELD_LABELS: Record<string, string> = {
  "config.ssh_tunnel.private_key": "Private key",
  "config.ssh_tunnel.private_key_passphrase": "Private key passphrase",
};

export interface FormTestState {
  running: boolean;
  ok: boolean | null;
  stages: ShownStage[] | null;
  error: string | null;
}

const IDLE: FormTestState = { running: false, ok: null, stages: null, error: null };

// A refused private key stops a test before the bastion is contacted: shown as the ssh_auth stage failing.
function keyFailure(field: FieldError): ShownStage | null {
  const hint = KEY_ERROR_HINTS[field.code];
  if (!hint) return null;
  return {
    name: "ssh_auth",
    status: "failed",
    duration_ms: 0,
    code: field.code,
    message: `${FIELD_LABELS[field.path] ?? field.path} ${field.message}`,
    hint,
  };
}

type UnsavedInput = Parameters<typeof trpc.connection.testUnsavedLive.mutate>[0];

/**
 * The form's Test: a saved connection without unsaved changes is tested as stored (its secrets
 * included); anything else is tested as typed, without saving. Stages show as they end; field
 * errors land on their fields.
 */
export function useFormTest(
  saved: Connection | undefined,
  projectId: string,
  setError: UseFormSetError<ConnectionFormValues>,
  onHostKeyPinned: (fingerprint: string) => void,
) {
  const [state, setState] = useState<FormTestState>(IDLE);

  async function run(body: ConnectionFormBody, dirty: boolean, knownFields: ReadonlySet<string>) {
    setState({ ...IDLE, running: true });
    try {
      const testSaved = saved !== undefined && !dirty;
      const events = testSaved
        ? await trpc.connection.testLive.mutate({ id: saved.id })
        : await trpc.connection.testUnsavedLive.mutate({ type: body.type, config: body.config, project_id: projectId } as UnsavedInput);
      const diagnosis = await followLiveTest(events, (stages) => setState({ ...IDLE, running: true, stages }));
      if (testSaved && diagnosis.ok && diagnosis.host_key_fingerprint) onHostKeyPinned(diagnosis.host_key_fingerprint);
      setState({ running: false, ok: diagnosis.ok, stages: diagnosis.stages, error: null });
    } catch (error) {
      const unplaced = applyServerFieldErrors(error, setError, knownFields);
      const stage = serverFieldErrors(error)
        .map(keyFailure)
        .find((s) => s !== null);
      const message = unplaced.length > 0 ? unplaced.join("; ") : error instanceof Error ? error.message : String(error);
      setState({ running: false, ok: false, stages: stage ? [stage] : null, error: stage ? null : message });
    }
  }

  return { state, run, clear: () => setState(IDLE) };
}
