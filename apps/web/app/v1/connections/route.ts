import { listConnectionsInputSchema } from "@connections/core";
import { createConnection, listConnections } from "@connections/api";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const GET = restHandler({ query: listConnectionsInputSchema }, async ({ ctx, principal, input }) =>
  json(await listConnections(ctx, principal, input.query)),
);

export const POST = restHandler(
  (types) => ({ body: types.inputs.create }),
  async ({ ctx, principal, input }) => json({ data: await createConnection(ctx, principal, input.body) }, 201),
);
