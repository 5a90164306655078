/** The most calls one tRPC batch may hold; the server refuses a larger batch before running any. */
export const MAX_TRPC_BATCH_CALLS = 20;
