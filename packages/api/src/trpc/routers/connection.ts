import { z } from "zod";
import {
  connectionListSchema,
  connectionSchema,
  createConnectionInputSchema,
  diagnosisSchema,
  listConnectionsInputSchema,
  queryInputSchema,
  queryResultSchema,
  testUnsavedConnectionInputSchema,
  updateConnectionInputSchema,
} from "@connections/core";
import { createConnection } from "../../connections/create-connection.ts";
import { deleteConnection } from "../../connections/delete-connection.ts";
import { getConnection } from "../../connections/get-connection.ts";
import { listConnections } from "../../connections/list-connections.ts";
import { queryConnection } from "../../connections/query-connection.ts";
import { testConnection, testUnsavedConnection } from "../../connections/test-connection.ts";
import { updateConnection } from "../../connections/update-connection.ts";
import { liveDiagnosis } from "../../diagnostics/live-diagnosis.ts";
import { checkedOutput } from "../checked-output.ts";
import { protectedProcedure, router, streamed } from "../init.ts";
import { deletedSchema } from "../procedure-outputs.ts";

const byIdInput = z.strictObject({ id: z.string() });

export const connectionRouter = router({
  // No input lists with the defaults, as `{}` does.
  list: protectedProcedure
    .input(listConnectionsInputSchema.prefault({}))
    .output(checkedOutput(connectionListSchema))
    .query(({ ctx, input }) => listConnections(ctx.services, ctx.principal, input)),
  byId: protectedProcedure
    .input(byIdInput)
    .output(checkedOutput(connectionSchema))
    .query(({ ctx, input }) => getConnection(ctx.services, ctx.principal, input.id)),
  create: protectedProcedure
    .input(createConnectionInputSchema)
    .output(checkedOutput(connectionSchema))
    .mutation(({ ctx, input }) => createConnection(ctx.services, ctx.principal, input)),
  update: protectedProcedure
    .input(updateConnectionInputSchema.extend({ id: z.string() }))
    .output(checkedOutput(connectionSchema))
    .mutation(({ ctx, input: { id, ...body } }) => updateConnection(ctx.services, ctx.principal, id, body)),
  test: protectedProcedure
    .input(byIdInput)
    .output(checkedOutput(diagnosisSchema))
    .mutation(({ ctx, input }) => testConnection(ctx.services, ctx.principal, input.id)),
  testUnsaved: protectedProcedure
    .input(testUnsavedConnectionInputSchema)
    .output(checkedOutput(diagnosisSchema))
    .mutation(({ ctx, input }) => testUnsavedConnection(ctx.services, ctx.principal, input)),
  // The same tests, streamed: each stage as it ends, then the diagnosis (httpBatchStreamLink).
  // No .output(): tRPC would check the async generator itself, not the events it yields.
  testLive: protectedProcedure
    .input(byIdInput)
    .mutation(({ ctx, input }) => streamed(liveDiagnosis((onStage) => testConnection(ctx.services, ctx.principal, input.id, onStage)))),
  testUnsavedLive: protectedProcedure
    .input(testUnsavedConnectionInputSchema)
    .mutation(({ ctx, input }) => streamed(liveDiagnosis((onStage) => testUnsavedConnection(ctx.services, ctx.principal, input, onStage)))),
  query: protectedProcedure
    .input(queryInputSchema.extend({ id: z.string() }))
    .output(checkedOutput(queryResultSchema))
    .mutation(({ ctx, input: { id, ...body } }) => queryConnection(ctx.services, ctx.principal, id, body)),
  delete: protectedProcedure
    .input(byIdInput)
    .output(checkedOutput(deletedSchema))
    .mutation(async ({ ctx, input }) => {
      await deleteConnection(ctx.services, ctx.principal, input.id);
      return { id: input.id, deleted: true as const };
    }),
});
