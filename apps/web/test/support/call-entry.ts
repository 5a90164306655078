import { TRPCClientError } from "@trpc/client";
import { api } from "./http.ts";
import type { CatalogueEntry, RestInput } from "./procedure-catalogue.ts";
import { trpcClient } from "./trpc-client.ts";

/** Who calls: an access key, a session cookie, or both. */
export interface Caller {
  label: string;
  key?: string;
  cookie?: string;
}

/** An answer in terms both APIs share: the HTTP status, our error code (or tRPC's), and the data. */
export interface Outcome {
  status: number;
  code: string | null;
  message: string | null;
  data: unknown;
}

type Procedure = (input: unknown) => Promise<unknown>;

async function callRest(entry: Extract<CatalogueEntry, { api: "rest" }>, input: RestInput, caller: Caller): Promise<Outcome> {
  const query = new URLSearchParams(input.query).toString();
  const path = `${entry.path.replace("{id}", encodeURIComponent(input.id ?? ""))}${query ? `?${query}` : ""}`;
  const headers: Record<string, string> = caller.cookie ? { cookie: caller.cookie } : {};
  const response = await api(entry.method, path, { key: caller.key, body: input.body, headers });
  const error = response.body?.error;
  return { status: response.status, code: error?.code ?? null, message: error?.message ?? null, data: response.body?.data };
}

/** Through the typed client, as a TypeScript program calls it; a stream is read to its end. */
async function callTrpc(entry: Extract<CatalogueEntry, { api: "trpc" }>, input: unknown, caller: Caller): Promise<Outcome> {
  const [router, name] = entry.procedure.split(".") as [string, string];
  const client = trpcClient(caller) as unknown as Record<string, Record<string, Record<"query" | "mutate", Procedure>>>;
  try {
    const result = await client[router]![name]![entry.type === "query" ? "query" : "mutate"](input);
    const events: unknown[] = [];
    if (entry.stream) for await (const event of result as AsyncIterable<unknown>) events.push(event);
    return { status: 200, code: null, message: null, data: entry.stream ? events : result };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { httpStatus: number; code: string; appCode: string | null } | undefined;
    return { status: data?.httpStatus ?? 0, code: data?.appCode ?? data?.code ?? null, message: error.message, data: null };
  }
}

export function callEntry(entry: CatalogueEntry, input: unknown, caller: Caller): Promise<Outcome> {
  return entry.api === "rest" ? callRest(entry, input as RestInput, caller) : callTrpc(entry, input, caller);
}
