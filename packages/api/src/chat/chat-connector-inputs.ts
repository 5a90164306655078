import type { z } from "zod";
import type { chatMessageInputSchema, createChatConnectorInputSchema, updateChatConnectorInputSchema } from "@connections/core";

// What the chat connector services receive: each request schema's output, parsed by the tRPC procedure.
export type NewChatConnector = z.output<typeof createChatConnectorInputSchema>;
export type ChatConnectorUpdate = z.output<typeof updateChatConnectorInputSchema>;
export type ChatMessage = z.output<typeof chatMessageInputSchema>;
