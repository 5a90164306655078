import { QueryResultTable } from "~/query-result-table.tsx";
import type { ChatMessage } from "./chat-message.ts";

/** The answer to one message: running, the result table, or the error with its stage and hint. */
export function MessageReply({ message, number }: { message: ChatMessage; number: number }) {
  const { reply } = message;
  if (reply.state === "running") return <p className="muted">Running…</p>;
  if (reply.state === "result") return <QueryResultTable result={reply.result} label={`Result of message ${number}`} />;
  const { error } = reply;
  return (
    <div className="reply-error" role="group" aria-label={`Error for message ${number}`}>
      <p>
        <code>{error.code}</code> {error.message}
      </p>
      {error.stage ? (
        <p className="hint">
          Failed at <strong>{error.stage}</strong> ({error.stageCode}): {error.hint}
        </p>
      ) : null}
    </div>
  );
}
