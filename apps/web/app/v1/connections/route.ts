import { createConnection, listConnections } from "@connections/api";
import { readJsonBody } from "~/server/rest/read-json-body.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const GET = restHandler(async ({ request, ctx, principal }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await listConnections(ctx, principal, query));
});

export const POST = restHandler(async ({ request, ctx, principal }) =>
  json({ data: await createConnection(ctx, principal, await readJsonBody(request)) }, 201),
);
