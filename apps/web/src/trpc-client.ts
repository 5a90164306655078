import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@connections/api";

/** The browser's tRPC client: same origin, authenticated by the session cookie. */
export const trpc = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc" })] });
