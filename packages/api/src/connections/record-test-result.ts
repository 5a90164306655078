import type { Diagnosis } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { forgetConnection } from "./cached-connection.ts";
import type { ConnectionRow } from "./stored-connection.ts";

/** Keeps a test's outcome on the row for the list; only when the config is still the one tested. */
export async function recordTestResult(ctx: ServiceContext, row: ConnectionRow, diagnosis: Diagnosis): Promise<void> {
  await ctx.db.connection.updateMany({
    where: { id: row.id, updatedAt: row.updatedAt },
    data: {
      ...lastTestColumns(diagnosis, new Date()),
      // A test is not an edit: updated_at keeps saying when the config last changed.
      updatedAt: row.updatedAt,
    },
  });
  forgetConnection(ctx, row.id);
}

/** The row's columns that keep a test's outcome (also written by Create after a passing Test). */
export function lastTestColumns(diagnosis: Diagnosis, at: Date) {
  const failed = diagnosis.stages.find((stage) => stage.status === "failed");
  return { lastTestAt: at, lastTestOk: diagnosis.ok, lastTestStage: failed?.name ?? null, lastTestCode: failed?.code ?? null };
}
