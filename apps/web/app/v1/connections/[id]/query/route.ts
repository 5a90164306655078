import { queryConnection } from "@connections/api";
import { readJsonBody } from "~/server/rest/read-json-body.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const POST = restHandler(async ({ request, ctx, principal, params }) =>
  json({ data: await queryConnection(ctx, principal, params.id, await readJsonBody(request)) }),
);
