import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import type { AppRouter } from "@connections/api";
import { MAX_TRPC_BATCH_CALLS } from "./trpc-batch-limit.ts";

/**
 * The browser's tRPC client: same origin, authenticated by the session cookie. The streaming link
 * answers plain calls as usual and lets a live test deliver each stage as it ends.
 */
export const trpc = createTRPCClient<AppRouter>({ links: [httpBatchStreamLink({ url: "/api/trpc", maxItems: MAX_TRPC_BATCH_CALLS })] });
