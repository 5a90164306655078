import type { Connection } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";
import { readConnection } from "./cached-connection.ts";
import { toPublicConnection } from "./to-public-connection.ts";

export async function getConnection(ctx: ServiceContext, principal: Principal, id: string): Promise<Connection> {
  return toPublicConnection(ctx, (await readConnection(ctx, principal, id)).row);
}
