import { z } from "zod";
import {
  agentStatusSchema,
  statementHistoryInputSchema,
  statementHistorySchema,
  connectionInputSchemas,
  connectionOutputSchemas,
  type connectionListSchema,
  type connectionSchema,
  diagnosisSchema,
  listConnectionsInputSchema,
  queryInputSchema,
  queryResultSchema,
  type AnyConnectionTypeDefinition,
  type ConnectionTypeRegistry,
} from "@connections/core";
import { connectionAgentStatus } from "../../agents/agent-status.ts";
import type { ConnectionUpdate, NewConnection, UnsavedConnection } from "../../connections/connection-inputs.ts";
import { createConnection } from "../../connections/create-connection.ts";
import { deleteConnection } from "../../connections/delete-connection.ts";
import { getConnection } from "../../connections/get-connection.ts";
import { listConnections } from "../../connections/list-connections.ts";
import { queryConnection } from "../../connections/query-connection.ts";
import { testConnection, testUnsavedConnection } from "../../connections/test-connection.ts";
import { updateConnection } from "../../connections/update-connection.ts";
import { liveDiagnosis } from "../../diagnostics/live-diagnosis.ts";
import { statementHistory } from "../../history/statement-history.ts";
import { checkedOutput } from "../checked-output.ts";
import { protectedProcedure, router, streamed } from "../init.ts";
import { deletedSchema } from "../procedure-outputs.ts";

const byIdInput = z.strictObject({ id: z.string() });

/**
 * The connection procedures, their inputs and outputs checked against `registry`'s types. The
 * services are typed for the product's own types, and so are the outputs in the router's type;
 * another registry's types reach the services as the same shapes, and the checks at run time use
 * the registry's schemas.
 */
export function connectionRouterOf<D extends AnyConnectionTypeDefinition>(registry: ConnectionTypeRegistry<D>) {
  const inputs = connectionInputSchemas(registry);
  const outputs = connectionOutputSchemas(registry) as unknown as {
    connection: typeof connectionSchema;
    list: typeof connectionListSchema;
  };
  return router({
    // No input lists with the defaults, as `{}` does.
    list: protectedProcedure
      .input(listConnectionsInputSchema.prefault({}))
      .output(checkedOutput(outputs.list))
      .query(({ ctx, input }) => listConnections(ctx.services, ctx.principal, input)),
    byId: protectedProcedure
      .input(byIdInput)
      .output(checkedOutput(outputs.connection))
      .query(({ ctx, input }) => getConnection(ctx.services, ctx.principal, input.id)),
    history: protectedProcedure
      .input(statementHistoryInputSchema)
      .output(checkedOutput(statementHistorySchema))
      .query(({ ctx, input }) => statementHistory(ctx.services, ctx.principal, "connection", input)),
    agentStatus: protectedProcedure
      .input(byIdInput)
      .output(checkedOutput(agentStatusSchema))
      .query(({ ctx, input }) => connectionAgentStatus(ctx.services, ctx.principal, input.id)),
    create: protectedProcedure
      .input(inputs.create)
      .output(checkedOutput(outputs.connection))
      .mutation(({ ctx, input }) => createConnection(ctx.services, ctx.principal, input as NewConnection)),
    update: protectedProcedure
      .input(inputs.update.extend({ id: z.string() }))
      .output(checkedOutput(outputs.connection))
      .mutation(({ ctx, input: { id, ...body } }) => updateConnection(ctx.services, ctx.principal, id, body as ConnectionUpdate)),
    test: protectedProcedure
      .input(byIdInput)
      .output(checkedOutput(diagnosisSchema))
      .mutation(({ ctx, input }) => testConnection(ctx.services, ctx.principal, input.id)),
    testUnsaved: protectedProcedure
      .input(inputs.testUnsaved)
      .output(checkedOutput(diagnosisSchema))
      .mutation(({ ctx, input }) => testUnsavedConnection(ctx.services, ctx.principal, input as UnsavedConnection)),
    // The same tests, streamed: each stage as it ends, then the diagnosis (httpBatchStreamLink).
    // No .output(): tRPC would check the async generator itself, not the events it yields.
    testLive: protectedProcedure
      .input(byIdInput)
      .mutation(({ ctx, input }) => streamed(liveDiagnosis((onStage) => testConnection(ctx.services, ctx.principal, input.id, onStage)))),
    testUnsavedLive: protectedProcedure
      .input(inputs.testUnsaved)
      .mutation(({ ctx, input }) =>
        streamed(liveDiagnosis((onStage) => testUnsavedConnection(ctx.services, ctx.principal, input as UnsavedConnection, onStage))),
      ),
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
}
