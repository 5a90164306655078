import type { Connection } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { findConnection } from "./find-connection.ts";
import { toPublicConnection } from "./to-public-connection.ts";

export async function getConnection(ctx: ServiceContext, principal: Principal, id: string): Promise<Connection> {
  return toPublicConnection(ctx.connectionTypes.registry, await findConnection(ctx, principal, id));
}
