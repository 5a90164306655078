"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Diagnosis, StageResult } from "@connections/core";
import { followLiveTest } from "~/follow-live-test.ts";
import { trpc } from "~/trpc-client.ts";

/** A test run from the list: its stages so far, then its diagnosis or the error that stopped it. */
export interface RowTest {
  running: boolean;
  stages: StageResult[];
  diagnosis: Diagnosis | null;
  error: string | null;
  at: string;
}

/** The tests run on this page, by connection id; the table and the cards show the same ones. */
export function useConnectionTests() {
  const router = useRouter();
  const [tests, setTests] = useState<Readonly<Record<string, RowTest>>>({});
  const update = (id: string, change: Partial<RowTest>) => setTests((current) => ({ ...current, [id]: { ...current[id]!, ...change } }));

  async function run(id: string): Promise<void> {
    setTests((current) => ({
      ...current,
      [id]: { running: true, stages: [], diagnosis: null, error: null, at: new Date().toISOString() },
    }));
    try {
      const diagnosis = await followLiveTest(await trpc.connection.testLive.mutate({ id }), (stages) => update(id, { stages }));
      update(id, { running: false, diagnosis, stages: diagnosis.stages, at: new Date().toISOString() });
      router.refresh();
    } catch (failure) {
      update(id, { running: false, error: failure instanceof Error ? failure.message : String(failure) });
    }
  }

  return { tests, run };
}
