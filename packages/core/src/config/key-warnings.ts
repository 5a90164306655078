import { z } from "zod";

/**
 * Something about a saved tunnel key that works today but a bastion may refuse: the key is kept,
 * and the warning is returned with the connection until the key is replaced.
 */
export const KEY_WARNING_CODES = ["RSA_KEY_SHORT"] as const;

export const keyWarningSchema = z.object({
  code: z.enum(KEY_WARNING_CODES),
  message: z.string(),
});

export type KeyWarning = z.output<typeof keyWarningSchema>;
