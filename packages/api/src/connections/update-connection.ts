import { AppError, type Connection } from "@connections/core";
import { audited, type AuditScope } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { agentKeyConflict, agentKeyOf, agentKeyUpdate, storedAgentKeyOf } from "../agents/agent-keys.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { updatedStoredConfig } from "../stored-configs/updated-stored-config.ts";
import type { ConnectionUpdate } from "./connection-inputs.ts";
import { nameTaken } from "./create-connection.ts";
import { forgetConnection } from "./cached-connection.ts";
import { findConnection } from "./find-connection.ts";
import { rowType } from "./stored-connection.ts";
import type { ConnectionConfig } from "@connections/core";
import { toPublicConnection } from "./to-public-connection.ts";
import { definitionOf } from "../connection-types.ts";
import { connectionSessions } from "../sessions/session-keys.ts";

const NOT_TESTED = { lastTestAt: null, lastTestOk: null, lastTestStage: null, lastTestCode: null };

/** Replaces the config (PUT): see mergeUpdatedConfig for what happens to omitted secrets and pins. */
export function updateConnection(ctx: ServiceContext, principal: Principal, id: string, input: ConnectionUpdate): Promise<Connection> {
  return audited(ctx, principal, { action: "connection.update", projectId: null, connectionId: id, sql: null }, (audit) =>
    update(ctx, principal, id, input, audit),
  );
}

async function update(
  ctx: ServiceContext,
  principal: Principal,
  id: string,
  input: ConnectionUpdate,
  audit: AuditScope,
): Promise<Connection> {
  const { registry } = ctx.connectionTypes;
  const row = await findConnection(ctx, principal, id);
  audit.projectId = row.projectId;
  const type = rowType(row);
  if (input.type !== undefined && input.type !== type) {
    throw AppError.invalid([
      { path: "type", code: "INVALID_VALUE", message: `cannot be changed from ${type}; create a new connection instead` },
    ]);
  }
  const stored = await updatedStoredConfig(
    registry,
    ctx.keyring,
    { kind: "connection", id: row.id },
    definitionOf(registry, type).config,
    row,
    input.config,
  );
  const name = input.name ?? row.name;
  const agentKey = { before: storedAgentKeyOf(row), after: agentKeyOf(input.config as ConnectionConfig) };
  try {
    const updated = await ctx.db.connection.update({
      where: { id: row.id },
      // The last test described the previous config.
      data: {
        name,
        readOnly: input.read_only ?? row.readOnly,
        ...stored,
        ...NOT_TESTED,
        ...agentKeyUpdate(agentKey.before, agentKey.after),
      },
    });
    ctx.sessions.drop(connectionSessions(row.id));
    forgetConnection(ctx, row.id);
    if (agentKey.before && agentKey.before !== agentKey.after) ctx.agents.disconnect(agentKey.before);
    return toPublicConnection(ctx, updated);
  } catch (error) {
    const keyTaken = await agentKeyConflict(ctx.db, error, agentKey.after);
    if (keyTaken) throw keyTaken;
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}
