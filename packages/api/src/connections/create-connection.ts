import { AppError, type Connection } from "@connections/core";
import { audited, type AuditScope } from "../audit/audited.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { newId } from "../ids.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { agentKeyConflict, agentKeyCreate, agentKeyOf } from "../agents/agent-keys.ts";
import { assertProjectAccess } from "../projects/find-accessible-project.ts";
import { newStoredConfig } from "../stored-configs/new-stored-config.ts";
import type { NewConnection } from "./connection-inputs.ts";
import { passedTestOf } from "./passed-unsaved-tests.ts";
import { lastTestColumns } from "./record-test-result.ts";
import { toPublicConnection } from "./to-public-connection.ts";

export function createConnection(ctx: ServiceContext, principal: Principal, input: NewConnection): Promise<Connection> {
  return audited(ctx, principal, { action: "connection.create", projectId: null, connectionId: null, sql: null }, (audit) =>
    create(ctx, principal, input, audit),
  );
}

async function create(ctx: ServiceContext, principal: Principal, input: NewConnection, audit: AuditScope): Promise<Connection> {
  const { name, project_id, type } = input;
  // Only once the caller may: nobody writes rows into another project's log.
  audit.projectId = assertProjectAccess(principal, project_id);
  const id = newId("conn");
  audit.connectionId = id;
  const stored = await newStoredConfig(ctx.connectionTypes.registry, ctx.keyring, { kind: "connection", id }, type, input.config);
  const agentKey = agentKeyOf(input.config);
  try {
    // A pass of exactly this config by this caller, moments ago (Test, then Create), is its first test.
    const passed = passedTestOf(ctx, principal, type, input.config);
    const tested = passed ? lastTestColumns(passed.diagnosis, passed.at) : {};
    const row = await ctx.db.connection.create({
      data: {
        id,
        projectId: project_id,
        name,
        type,
        readOnly: input.read_only ?? false,
        ...stored,
        ...tested,
        ...agentKeyCreate(agentKey),
      },
    });
    return toPublicConnection(ctx, row);
  } catch (error) {
    const keyTaken = await agentKeyConflict(ctx.db, error, agentKey);
    if (keyTaken) throw keyTaken;
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export function nameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A connection named "${name}" already exists in this project: choose another name`, [
    { path: "name", code: "INVALID_VALUE", message: "is already used by another connection in this project" },
  ]);
}
