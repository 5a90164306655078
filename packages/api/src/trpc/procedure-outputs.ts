import { z } from "zod";
import { chatConnectorSchema } from "@connections/core";

// Output schemas of procedures whose result has no schema of its own in packages/core.
export const chatConnectorListSchema = z.object({ data: z.array(chatConnectorSchema) });
export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });
