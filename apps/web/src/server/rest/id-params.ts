import { z } from "zod";

// Any text: an id no row has (too long included) is the service's 404, not a field error.
export const idParams = z.object({ id: z.string() });
