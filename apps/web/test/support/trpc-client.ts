import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import type { AppRouter } from "@connections/api";
import { target } from "./fixtures.ts";

/** The tRPC client a TypeScript program uses, on an access key or a session cookie. */
export function trpcClient(auth: { key?: string; cookie?: string }) {
  const headers: Record<string, string> = {};
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  // The stream link serves plain procedures too, so one client reaches every procedure.
  return createTRPCClient<AppRouter>({ links: [httpBatchStreamLink({ url: `${target().baseUrl}/api/trpc`, headers })] });
}
