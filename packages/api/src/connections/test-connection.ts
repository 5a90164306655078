import { AppError, bastionTunnelOf, type Diagnosis } from "@connections/core";
import { DEFAULT_TIMEOUTS, type StageListener } from "@connections/tunnel";
import { audited, type AuditScope, type AuditSummary } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { diagnose } from "../diagnostics/diagnose.ts";
import { assertProjectAccess } from "../projects/find-accessible-project.ts";
import type { UnsavedConnection } from "./connection-inputs.ts";
import { findConnection } from "./find-connection.ts";
import { loadConnectionConfig } from "./load-connection-config.ts";
import { rememberPassedTest } from "./passed-unsaved-tests.ts";
import { pinHostKey } from "./pin-host-key.ts";
import { prepareTunnel } from "./prepare-tunnel.ts";
import { recordTestResult } from "./record-test-result.ts";
import { rowType } from "./stored-connection.ts";
import { admitNetworkCall } from "../throttle/call-rate-limit.ts";

/**
 * POST /v1/connections/{id}/test: a stage-by-stage diagnosis, kept as the connection's last test;
 * pins the host key on first success. `onStage` hears each stage as it ends.
 */
export function testConnection(ctx: ServiceContext, principal: Principal, id: string, onStage?: StageListener): Promise<Diagnosis> {
  return audited(
    ctx,
    principal,
    { action: "connection.test", projectId: null, connectionId: id, sql: null },
    (audit) => testSaved(ctx, principal, id, audit, onStage),
    diagnosisSummary,
  );
}

async function testSaved(
  ctx: ServiceContext,
  principal: Principal,
  id: string,
  audit: AuditScope,
  onStage: StageListener | undefined,
): Promise<Diagnosis> {
  const row = await findConnection(ctx, principal, id);
  audit.projectId = row.projectId;
  await admitNetworkCall(ctx, principal);
  return ctx.limits.run(`project:${row.projectId}`, "project", async () => {
    const diagnosis = await diagnose(
      ctx.connectionTypes.drivers,
      rowType(row),
      loadConnectionConfig(ctx, "connection", row),
      DEFAULT_TIMEOUTS,
      ctx,
      onStage,
    );
    // Before pinning, which changes the row this write is conditional on.
    await recordTestResult(ctx, row, diagnosis);
    if (diagnosis.ok) await pinHostKey(ctx, row, diagnosis);
    return diagnosis;
  });
}

/**
 * POST /v1/connections/test: the same for a config that is not saved. Nothing is stored; a pass is
 * remembered briefly in memory so that creating this exact config keeps it as the last test.
 */
export function testUnsavedConnection(
  ctx: ServiceContext,
  principal: Principal,
  input: UnsavedConnection,
  onStage?: StageListener,
  action: "connection.test_unsaved" | "chat_connector.test_unsaved" = "connection.test_unsaved",
): Promise<Diagnosis> {
  return audited(
    ctx,
    principal,
    { action, projectId: null, connectionId: null, sql: null },
    (audit) => testUnsaved(ctx, principal, input, audit, onStage),
    diagnosisSummary,
  );
}

/** A diagnosis that did not pass is audited as an error with its failed stage's code. */
export function diagnosisSummary(diagnosis: Diagnosis): AuditSummary {
  return { failedCode: diagnosis.ok ? null : (diagnosis.stages.find((stage) => stage.status === "failed")?.code ?? "TEST_FAILED") };
}

async function testUnsaved(
  ctx: ServiceContext,
  principal: Principal,
  input: UnsavedConnection,
  audit: AuditScope,
  onStage: StageListener | undefined,
): Promise<Diagnosis> {
  const { type, config, project_id } = input;
  // Only once the caller may: nobody writes rows into another project's log.
  if (project_id) audit.projectId = assertProjectAccess(principal, project_id);
  const bastion = bastionTunnelOf(config);
  if (bastion && !bastion.private_key) {
    throw AppError.invalid([
      {
        path: "config.ssh_tunnel.private_key",
        code: "INVALID_VALUE",
        message: "is required to test an unsaved connection (a generated key is not on the bastion yet)",
      },
    ]);
  }
  // Same key checks as saving, so a bad key fails here with the same field error.
  await prepareTunnel(config, "unsaved");
  await admitNetworkCall(ctx, principal);
  // Without a project, the caller's own budget: a key's or a user's.
  const scope = project_id ? `project:${project_id}` : `${principal.kind}:${principal.id}`;
  const diagnosis = await ctx.limits.run(scope, project_id ? "project" : "caller", () =>
    diagnose(ctx.connectionTypes.drivers, type, config, DEFAULT_TIMEOUTS, ctx, onStage),
  );
  rememberPassedTest(ctx, principal, type, config, diagnosis);
  return diagnosis;
}
