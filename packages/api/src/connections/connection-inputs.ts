import type { z } from "zod";
import type {
  createConnectionInputSchema,
  listConnectionsInputSchema,
  testUnsavedConnectionInputSchema,
  updateConnectionInputSchema,
} from "@connections/core";

// What the connection services receive: each request schema's output, parsed by the adapter (REST
// route or tRPC procedure) that called them, with defaults applied.
export type NewConnection = z.output<typeof createConnectionInputSchema>;
export type ConnectionUpdate = z.output<typeof updateConnectionInputSchema>;
export type ConnectionListing = z.output<typeof listConnectionsInputSchema>;
export type UnsavedConnection = z.output<typeof testUnsavedConnectionInputSchema>;
