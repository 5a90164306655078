import { deleteConnection, getConnection, updateConnection } from "@connections/api";
import { readJsonBody } from "~/server/rest/read-json-body.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const GET = restHandler(async ({ ctx, principal, params }) => json({ data: await getConnection(ctx, principal, params.id) }));

export const PUT = restHandler(async ({ request, ctx, principal, params }) =>
  json({ data: await updateConnection(ctx, principal, params.id, await readJsonBody(request)) }),
);

export const DELETE = restHandler(async ({ ctx, principal, params }) => {
  await deleteConnection(ctx, principal, params.id);
  return new Response(null, { status: 204 });
});
