import { TRPCClientError } from "@trpc/client";
import { serverStageFailure } from "~/ui/server-errors.ts";

/** Why a query failed, as the console and Chat show it: the stable code, the message, and where it failed. */
export interface QueryError {
  code: string;
  message: string;
  stage?: string;
  stageCode?: string;
  hint?: string;
}

export function queryError(error: unknown): QueryError {
  const appCode = error instanceof TRPCClientError ? (error.data as { appCode?: string | null } | undefined)?.appCode : undefined;
  const stage = serverStageFailure(error);
  return {
    code: appCode ?? "REQUEST_FAILED",
    message: error instanceof Error ? error.message : String(error),
    ...(stage ? { stage: stage.stage, stageCode: stage.code, hint: stage.hint } : {}),
  };
}
