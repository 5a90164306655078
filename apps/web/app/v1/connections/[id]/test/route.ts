import { testConnection } from "@connections/api";
import { idParams } from "~/server/rest/id-params.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

// A failed diagnosis is still a 200: the body says which stage failed and why.
export const POST = restHandler({ params: idParams }, async ({ ctx, principal, input }) =>
  json({ data: await testConnection(ctx, principal, input.params.id) }),
);
