"use client";

import { useState } from "react";
import type { UseFormSetError } from "react-hook-form";
import {
  KEY_ERROR_HINTS,
  type ConnectionFormBody,
  type ConnectionFormValues,
  type FieldError,
  type HostKeysSeen,
  type LiveTestEvent,
} from "@connections/core";
import { followLiveTest } from "~/follow-live-test.ts";
import { applyServerFieldErrors, serverFieldErrors } from "~/ui/server-errors.ts";
import type { ShownStage } from "../stage-list.tsx";

export interface FormTestState {
  running: boolean;
  ok: boolean | null;
  stages: ShownStage[] | null;
  error: string | null;
  /** The bastion's hop index when the tested tunnel has jump hosts, to name each server's stages. */
  bastionHop?: number | undefined;
}

const IDLE: FormTestState = { running: false, ok: null, stages: null, error: null };

function bastionHopOf(body: ConnectionFormBody): number | undefined {
  const hops = (body.config.ssh_tunnel as { jump_hosts?: unknown[] } | undefined)?.jump_hosts?.length ?? 0;
  return hops > 0 ? hops + 1 : undefined;
}

// A refused private key stops a test before the bastion is contacted: shown as the ssh_auth stage failing.
// A jump host's key names its hop, so the stage shows under that server.
function keyFailure(field: FieldError, body: ConnectionFormBody): ShownStage | null {
  const hint = KEY_ERROR_HINTS[field.code];
  if (!hint) return null;
  const hopIndex = /^config\.ssh_tunnel\.jump_hosts\.(\d+)\./.exec(field.path)?.[1];
  const hops = (body.config.ssh_tunnel as { jump_hosts?: Array<{ host?: string }> } | undefined)?.jump_hosts;
  const hop = hopIndex === undefined ? undefined : { index: Number(hopIndex) + 1, host: hops?.[Number(hopIndex)]?.host ?? "" };
  return {
    ...(hop ? { hop } : {}),
    name: "ssh_auth",
    status: "failed",
    duration_ms: 0,
    code: field.code,
    message: field.message,
    hint,
  };
}

/** The two ways a form tests: what is saved (with its stored secrets), or what is typed. */
export interface FormTestCalls {
  /** Absent for a form that has nothing saved yet. */
  saved: (() => Promise<AsyncIterable<LiveTestEvent>>) | undefined;
  unsaved: (body: ConnectionFormBody) => Promise<AsyncIterable<LiveTestEvent>>;
}

/**
 * A form's Test (the Connections form's and the Chat modal's): what is saved, without unsaved
 * changes, is tested as stored (its secrets included); anything else is tested as typed, without
 * saving. Stages show as they end; field errors land on their fields.
 */
export function useFormTest(
  calls: FormTestCalls,
  setError: UseFormSetError<ConnectionFormValues>,
  onHostKeysPinned: (seen: HostKeysSeen) => void,
) {
  const [state, setState] = useState<FormTestState>(IDLE);

  async function run(body: ConnectionFormBody, dirty: boolean, knownFields: ReadonlySet<string>) {
    const bastionHop = bastionHopOf(body);
    setState({ ...IDLE, running: true, bastionHop });
    try {
      const testSaved = calls.saved !== undefined && !dirty;
      const events = testSaved && calls.saved ? await calls.saved() : await calls.unsaved(body);
      const diagnosis = await followLiveTest(events, (stages) => setState({ ...IDLE, running: true, stages, bastionHop }));
      if (testSaved && diagnosis.ok) onHostKeysPinned(diagnosis);
      setState({ running: false, ok: diagnosis.ok, stages: diagnosis.stages, error: null, bastionHop });
    } catch (error) {
      const unplaced = applyServerFieldErrors(error, setError, knownFields);
      const stage = serverFieldErrors(error)
        .map((field) => keyFailure(field, body))
        .find((s) => s !== null);
      const message = unplaced.length > 0 ? unplaced.join("; ") : error instanceof Error ? error.message : String(error);
      setState({ running: false, ok: false, stages: stage ? [stage] : null, error: stage ? null : message });
    }
  }

  return { state, run, clear: () => setState(IDLE) };
}
