import { z } from "zod";
import { chatMessageInputSchema, createChatConnectorInputSchema, updateChatConnectorInputSchema } from "@connections/core";
import { chatOwnerOf } from "../../chat/chat-owner.ts";
import { createChatConnector } from "../../chat/create-chat-connector.ts";
import { deleteChatConnector } from "../../chat/delete-chat-connector.ts";
import { getChatConnector } from "../../chat/get-chat-connector.ts";
import { listChatConnectors } from "../../chat/list-chat-connectors.ts";
import { runChatMessage } from "../../chat/run-chat-message.ts";
import { testChatConnector } from "../../chat/test-chat-connector.ts";
import { updateChatConnector } from "../../chat/update-chat-connector.ts";
import { protectedProcedure, router } from "../init.ts";

// Refuses access keys before the input is read, so they get the same clear error on every call.
const userProcedure = protectedProcedure.use(({ ctx, next }) => {
  chatOwnerOf(ctx.principal);
  return next();
});

const byIdInput = z.strictObject({ id: z.string() });

export const chatConnectorRouter = router({
  list: userProcedure.query(({ ctx }) => listChatConnectors(ctx.services, ctx.principal)),
  byId: userProcedure.input(byIdInput).query(({ ctx, input }) => getChatConnector(ctx.services, ctx.principal, input.id)),
  create: userProcedure.input(createChatConnectorInputSchema).mutation(({ ctx, input }) => createChatConnector(ctx.services, ctx.principal, input)),
  update: userProcedure.input(updateChatConnectorInputSchema).mutation(({ ctx, input }) => updateChatConnector(ctx.services, ctx.principal, input)),
  delete: userProcedure.input(byIdInput).mutation(async ({ ctx, input }) => {
    await deleteChatConnector(ctx.services, ctx.principal, input.id);
    return { id: input.id, deleted: true as const };
  }),
  test: userProcedure.input(byIdInput).mutation(({ ctx, input }) => testChatConnector(ctx.services, ctx.principal, input.id)),
  run: userProcedure.input(chatMessageInputSchema).mutation(({ ctx, input }) => runChatMessage(ctx.services, ctx.principal, input)),
});
