import { queryInputSchema } from "@connections/core";
import { exportQueryCsv, prefersCsv, queryConnection } from "@connections/api";
import { csvResponse } from "~/server/rest/csv-response.ts";
import { idParams } from "~/server/rest/id-params.ts";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const POST = restHandler({ params: idParams, body: queryInputSchema }, async ({ ctx, principal, input, headers }) =>
  prefersCsv(headers.get("accept"))
    ? csvResponse(await exportQueryCsv(ctx, principal, input.params.id, input.body))
    : json({ data: await queryConnection(ctx, principal, input.params.id, input.body) }),
);
