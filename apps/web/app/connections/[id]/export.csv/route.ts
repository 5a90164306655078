import { queryInputSchema } from "@connections/core";
import { exportQueryCsv } from "@connections/api";
import { csvResponse } from "~/server/rest/csv-response.ts";
import { idParams } from "~/server/rest/id-params.ts";
import { restHandler } from "~/server/rest/rest-handler.ts";

// The console's "Download CSV": the query endpoint's CSV answer for the signed-in user, whose
// browser sends its session cookie rather than an access key. Another origin's page is refused
// by proxy.ts, as for every change.
export const POST = restHandler(
  { params: idParams, body: queryInputSchema },
  async ({ ctx, principal, input }) => csvResponse(await exportQueryCsv(ctx, principal, input.params.id, input.body)),
  "session",
);
