import { testUnsavedConnection } from "@connections/api";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const POST = restHandler(
  (types) => ({ body: types.inputs.testUnsaved }),
  async ({ ctx, principal, input }) => json({ data: await testUnsavedConnection(ctx, principal, input.body) }),
);
