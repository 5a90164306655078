import { chatExportInputSchema } from "@connections/core";
import { exportChatCsv } from "@connections/api";
import { csvResponse } from "~/server/rest/csv-response.ts";
import { idParams } from "~/server/rest/id-params.ts";
import { restHandler } from "~/server/rest/rest-handler.ts";

// Chat's "Download CSV", for the signed-in user's own connector: the message's statement again,
// every row streamed. Another origin's page is refused by proxy.ts, as for every change.
export const POST = restHandler(
  { params: idParams, body: chatExportInputSchema },
  async ({ ctx, principal, input }) => csvResponse(await exportChatCsv(ctx, principal, { id: input.params.id, text: input.body.text })),
  "session",
);
