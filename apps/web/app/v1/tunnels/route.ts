import { listTunnelsInputSchema } from "@connections/core";
import { listTunnels } from "@connections/api";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const GET = restHandler({ query: listTunnelsInputSchema }, async ({ ctx, principal, input }) =>
  json(await listTunnels(ctx, principal, input.query)),
);
