import { LoaderCircle } from "lucide-react";
import { QueryErrorNotice } from "~/query-error-notice.tsx";
import { QueryResultTable } from "~/query-result-table.tsx";
import type { ChatMessage } from "./chat-message.ts";

/** The answer to one message: running, the result table, or the error with its stage and hint. */
export function MessageReply({ message, number }: { message: ChatMessage; number: number }) {
  const { reply } = message;
  if (reply.state === "running") {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <LoaderCircle aria-hidden className="size-4 animate-spin" />
        Running…
      </p>
    );
  }
  if (reply.state === "result") return <QueryResultTable result={reply.result} label={`Result of message ${number}`} />;
  return <QueryErrorNotice error={reply.error} label={`Error for message ${number}`} />;
}
