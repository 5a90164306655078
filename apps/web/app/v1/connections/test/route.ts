import { testUnsavedConnection } from "@connections/api";
import { readJsonBody } from "~/server/rest/read-json-body.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const POST = restHandler(async ({ request, ctx, principal }) =>
  json({ data: await testUnsavedConnection(ctx, principal, await readJsonBody(request)) }),
);
