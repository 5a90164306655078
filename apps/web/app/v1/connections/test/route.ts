import { testUnsavedConnectionInputSchema } from "@connections/core";
import { testUnsavedConnection } from "@connections/api";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const POST = restHandler({ body: testUnsavedConnectionInputSchema }, async ({ ctx, principal, input }) =>
  json({ data: await testUnsavedConnection(ctx, principal, input.body) }),
);
