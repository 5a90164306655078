import type { z } from "zod";
import type {
  chatMessageInputSchema,
  createChatConnectorInputSchema,
  testUnsavedChatConnectorInputSchema,
  updateChatConnectorInputSchema,
} from "@connections/core";

// What the chat connector services receive: each request schema's output, parsed by the tRPC procedure.
export type NewChatConnector = z.output<typeof createChatConnectorInputSchema>;
export type ChatConnectorUpdate = z.output<typeof updateChatConnectorInputSchema>;
export type ChatMessage = z.output<typeof chatMessageInputSchema>;
export type UnsavedChatConnector = z.output<typeof testUnsavedChatConnectorInputSchema>;
