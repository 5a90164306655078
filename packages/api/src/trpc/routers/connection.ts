import { z } from "zod";
import {
  createConnectionInputSchema,
  listConnectionsInputSchema,
  queryInputSchema,
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
import { protectedProcedure, router, streamed } from "../init.ts";

const byIdInput = z.strictObject({ id: z.string() });

export const connectionRouter = router({
  list: protectedProcedure
    .input(listConnectionsInputSchema.optional())
    .query(({ ctx, input }) => listConnections(ctx.services, ctx.principal, input)),
  byId: protectedProcedure.input(byIdInput).query(({ ctx, input }) => getConnection(ctx.services, ctx.principal, input.id)),
  create: protectedProcedure
    .input(createConnectionInputSchema)
    .mutation(({ ctx, input }) => createConnection(ctx.services, ctx.principal, input)),
  update: protectedProcedure
    .input(updateConnectionInputSchema.extend({ id: z.string() }))
    .mutation(({ ctx, input: { id, ...body } }) => updateConnection(ctx.services, ctx.principal, id, body)),
  test: protectedProcedure.input(byIdInput).mutation(({ ctx, input }) => testConnection(ctx.services, ctx.principal, input.id)),
  testUnsaved: protectedProcedure
    .input(testUnsavedConnectionInputSchema)
    .mutation(({ ctx, input }) => testUnsavedConnection(ctx.services, ctx.principal, input)),
  // The same tests, streamed: each stage as it ends, then the diagnosis (httpBatchStreamLink).
  testLive: protectedProcedure
    .input(byIdInput)
    .mutation(({ ctx, input }) => streamed(liveDiagnosis((onStage) => testConnection(ctx.services, ctx.principal, input.id, onStage)))),
  testUnsavedLive: protectedProcedure
    .input(testUnsavedConnectionInputSchema)
    .mutation(({ ctx, input }) => streamed(liveDiagnosis((onStage) => testUnsavedConnection(ctx.services, ctx.principal, input, onStage)))),
  query: protectedProcedure
    .input(queryInputSchema.extend({ id: z.string() }))
    .mutation(({ ctx, input: { id, ...body } }) => queryConnection(ctx.services, ctx.principal, id, body)),
  delete: protectedProcedure.input(byIdInput).mutation(async ({ ctx, input }) => {
    await deleteConnection(ctx.services, ctx.principal, input.id);
    return { id: input.id, deleted: true as const };
  }),
});
