import { deleteConnection, getConnection, updateConnection } from "@connections/api";
import { idParams } from "~/server/rest/id-params.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const GET = restHandler({ params: idParams }, async ({ ctx, principal, input }) =>
  json({ data: await getConnection(ctx, principal, input.params.id) }),
);

export const PUT = restHandler(
  (types) => ({ params: idParams, body: types.inputs.update }),
  async ({ ctx, principal, input }) => json({ data: await updateConnection(ctx, principal, input.params.id, input.body) }),
);

export const DELETE = restHandler({ params: idParams }, async ({ ctx, principal, input }) => {
  await deleteConnection(ctx, principal, input.params.id);
  return new Response(null, { status: 204 });
});
