import type { QueryResult } from "@connections/core";
import type { QueryError } from "~/query-error.ts";

/** One message of a thread and its answer. Threads live in the page's memory only. */
export interface ChatMessage {
  id: number;
  text: string;
  reply: { state: "running" } | { state: "result"; result: QueryResult } | { state: "error"; error: QueryError };
}
