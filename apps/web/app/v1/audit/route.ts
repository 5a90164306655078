import { listAuditInputSchema } from "@connections/core";
import { listAudit } from "@connections/api";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

export const GET = restHandler({ query: listAuditInputSchema }, async ({ ctx, principal, input }) =>
  json(await listAudit(ctx, principal, input.query)),
);
