import { queryInputSchema } from "@connections/core";
import { queryConnection } from "@connections/api";
import { idParams } from "~/server/rest/id-params.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const POST = restHandler({ params: idParams, body: queryInputSchema }, async ({ ctx, principal, input }) =>
  json({ data: await queryConnection(ctx, principal, input.params.id, input.body) }),
);
