import { TRPCClientError } from "@trpc/client";
import type { QueryResult } from "@connections/core";
import { serverStageFailure } from "~/ui/server-errors.ts";

/** Why a message failed, as the thread shows it: the stable code, the message, and where it failed. */
export interface ReplyError {
  code: string;
  message: string;
  stage?: string;
  stageCode?: string;
  hint?: string;
}

/** One message of a thread and its answer. Threads live in the page's memory only. */
export interface ChatMessage {
  id: number;
  text: string;
  reply: { state: "running" } | { state: "result"; result: QueryResult } | { state: "error"; error: ReplyError };
}

export function replyError(error: unknown): ReplyError {
  const appCode = error instanceof TRPCClientError ? (error.data as { appCode?: string | null } | undefined)?.appCode : undefined;
  const stage = serverStageFailure(error);
  return {
    code: appCode ?? "REQUEST_FAILED",
    message: error instanceof Error ? error.message : String(error),
    ...(stage ? { stage: stage.stage, stageCode: stage.code, hint: stage.hint } : {}),
  };
}
