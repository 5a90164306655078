import { z } from "zod";
import {
  agentStatusSchema,
  statementHistoryInputSchema,
  statementHistorySchema,
  chatConnectorSchemas,
  type chatConnectorSchema,
  chatMessageInputSchema,
  diagnosisSchema,
  queryResultSchema,
  updateChatConnectorInputSchema,
  type AnyConnectionTypeDefinition,
  type ConnectionTypeRegistry,
} from "@connections/core";
import { chatConnectorAgentStatus } from "../../agents/agent-status.ts";
import type { NewChatConnector, UnsavedChatConnector } from "../../chat/chat-connector-inputs.ts";
import { chatOwnerOf } from "../../chat/chat-owner.ts";
import { createChatConnector } from "../../chat/create-chat-connector.ts";
import { deleteChatConnector } from "../../chat/delete-chat-connector.ts";
import { getChatConnector } from "../../chat/get-chat-connector.ts";
import { listChatConnectors } from "../../chat/list-chat-connectors.ts";
import { runChatMessage } from "../../chat/run-chat-message.ts";
import { testChatConnector } from "../../chat/test-chat-connector.ts";
import { testUnsavedChatConnector } from "../../chat/test-unsaved-chat-connector.ts";
import { updateChatConnector } from "../../chat/update-chat-connector.ts";
import { liveDiagnosis } from "../../diagnostics/live-diagnosis.ts";
import { statementHistory } from "../../history/statement-history.ts";
import { checkedOutput } from "../checked-output.ts";
import { protectedProcedure, router, streamed } from "../init.ts";
import { deletedSchema } from "../procedure-outputs.ts";

// Refuses access keys before the input is read, so they get the same clear error on every call.
const userProcedure = protectedProcedure.use(({ ctx, next }) => {
  chatOwnerOf(ctx.principal);
  return next();
});

const byIdInput = z.strictObject({ id: z.string() });

/** The chat connector procedures for `registry`'s types (see connectionRouterOf). */
export function chatConnectorRouterOf<D extends AnyConnectionTypeDefinition>(registry: ConnectionTypeRegistry<D>) {
  const schemas = chatConnectorSchemas(registry);
  const connector = schemas.connector as unknown as typeof chatConnectorSchema;
  const listSchema = z.object({ data: z.array(connector) });
  return router({
    list: userProcedure.output(checkedOutput(listSchema)).query(({ ctx }) => listChatConnectors(ctx.services, ctx.principal)),
    byId: userProcedure
      .input(byIdInput)
      .output(checkedOutput(connector))
      .query(({ ctx, input }) => getChatConnector(ctx.services, ctx.principal, input.id)),
    history: userProcedure
      .input(statementHistoryInputSchema)
      .output(checkedOutput(statementHistorySchema))
      .query(({ ctx, input }) => statementHistory(ctx.services, ctx.principal, "chat-connector", input)),
    agentStatus: userProcedure
      .input(byIdInput)
      .output(checkedOutput(agentStatusSchema))
      .query(({ ctx, input }) => chatConnectorAgentStatus(ctx.services, ctx.principal, input.id)),
    create: userProcedure
      .input(schemas.create)
      .output(checkedOutput(connector))
      .mutation(({ ctx, input }) => createChatConnector(ctx.services, ctx.principal, input as NewChatConnector)),
    update: userProcedure
      .input(updateChatConnectorInputSchema)
      .output(checkedOutput(connector))
      .mutation(({ ctx, input }) => updateChatConnector(ctx.services, ctx.principal, input)),
    delete: userProcedure
      .input(byIdInput)
      .output(checkedOutput(deletedSchema))
      .mutation(async ({ ctx, input }) => {
        await deleteChatConnector(ctx.services, ctx.principal, input.id);
        return { id: input.id, deleted: true as const };
      }),
    test: userProcedure
      .input(byIdInput)
      .output(checkedOutput(diagnosisSchema))
      .mutation(({ ctx, input }) => testChatConnector(ctx.services, ctx.principal, input.id)),
    // Streamed as the connection tests are: each stage as it ends, then the diagnosis.
    testLive: userProcedure
      .input(byIdInput)
      .mutation(({ ctx, input }) =>
        streamed(liveDiagnosis((onStage) => testChatConnector(ctx.services, ctx.principal, input.id, onStage))),
      ),
    testUnsavedLive: userProcedure
      .input(schemas.testUnsaved)
      .mutation(({ ctx, input }) =>
        streamed(liveDiagnosis((onStage) => testUnsavedChatConnector(ctx.services, ctx.principal, input as UnsavedChatConnector, onStage))),
      ),
    run: userProcedure
      .input(chatMessageInputSchema)
      .output(checkedOutput(queryResultSchema))
      .mutation(({ ctx, input }) => runChatMessage(ctx.services, ctx.principal, input)),
  });
}
