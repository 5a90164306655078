import { z } from "zod";

// Output schemas of procedures whose result has no schema of its own in packages/core.
export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });
