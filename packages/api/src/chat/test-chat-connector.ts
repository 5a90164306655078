import type { Diagnosis } from "@connections/core";
import { DEFAULT_TIMEOUTS, type StageListener } from "@connections/tunnel";
import { loadConnectionConfig } from "../connections/load-connection-config.ts";
import { rowType } from "../connections/stored-connection.ts";
import { audited } from "../audit/audited.ts";
import { diagnosisSummary } from "../connections/test-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { diagnose } from "../diagnostics/diagnose.ts";
import { admitNetworkCall } from "../throttle/call-rate-limit.ts";
import { findChatConnector } from "./find-chat-connector.ts";
import { pinChatHostKey } from "./pin-chat-host-key.ts";

/**
 * A stage-by-stage diagnosis of a chat connector; pins the bastion's host key on first success.
 * `onStage` hears each stage as it ends.
 */
export function testChatConnector(ctx: ServiceContext, principal: Principal, id: string, onStage?: StageListener): Promise<Diagnosis> {
  return audited(
    ctx,
    principal,
    { action: "chat_connector.test", projectId: null, connectionId: id, sql: null },
    () => test(ctx, principal, id, onStage),
    diagnosisSummary,
  );
}

async function test(ctx: ServiceContext, principal: Principal, id: string, onStage: StageListener | undefined): Promise<Diagnosis> {
  const row = await findChatConnector(ctx, principal, id);
  await admitNetworkCall(ctx, principal);
  return ctx.limits.run(`user:${row.userId}`, "user", async () => {
    const diagnosis = await diagnose(
      ctx.connectionTypes.drivers,
      rowType(row),
      loadConnectionConfig(ctx, "chat-connector", row),
      DEFAULT_TIMEOUTS,
      ctx,
      onStage,
    );
    if (diagnosis.ok) await pinChatHostKey(ctx, row, diagnosis);
    return diagnosis;
  });
}
