import { AppError, createConnectionInputSchema, type Connection } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { newId } from "../ids.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { assertProjectAccess } from "../projects/find-accessible-project.ts";
import { connectionRowData } from "./connection-row-data.ts";
import { prepareTunnel } from "./prepare-tunnel.ts";
import { toPublicConnection } from "./to-public-connection.ts";

export async function createConnection(ctx: ServiceContext, principal: Principal, input: unknown): Promise<Connection> {
  const parsed = createConnectionInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { name, project_id, type } = parsed.data;
  assertProjectAccess(principal, project_id);
  const id = newId("conn");
  const { config, tunnelKey } = await prepareTunnel(parsed.data.config, id);
  try {
    const row = await ctx.db.connection.create({
      data: { id, projectId: project_id, name, type, ...connectionRowData(ctx.keyring, { kind: "connection", id }, type, config, tunnelKey) },
    });
    return toPublicConnection(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

export function nameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A connection named "${name}" already exists in this project: choose another name`, [
    { path: "name", code: "INVALID_VALUE", message: "is already used by another connection in this project" },
  ]);
}
