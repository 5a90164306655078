import { testConnection } from "@connections/api";
import { json, restHandler } from "~/server/rest/rest-handler.ts";

// A failed diagnosis is still a 200: the body says which stage failed and why.
export const POST = restHandler(async ({ ctx, principal, params }) => json({ data: await testConnection(ctx, principal, params.id) }));
