"use client";

import { LoaderCircle } from "lucide-react";
import { useState } from "react";
import type { ChatConnector } from "@connections/core";
import type { QueryError } from "~/query-error.ts";
import { QueryErrorNotice } from "~/query-error-notice.tsx";
import { QueryResultTable } from "~/query-result-table.tsx";
import { ResultDownloads } from "~/result-downloads.tsx";
import type { ChatMessage } from "./chat-message.ts";

/** The answer to one message: running, the result table with its downloads, or the error with its stage and hint. */
export function MessageReply({ message, number, connector }: { message: ChatMessage; number: number; connector: ChatConnector }) {
  const [exportError, setExportError] = useState<QueryError | null>(null);
  const { reply } = message;
  if (reply.state === "running") {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <LoaderCircle aria-hidden className="size-4 animate-spin" />
        Running…
      </p>
    );
  }
  if (reply.state === "error") return <QueryErrorNotice error={reply.error} label={`Error for message ${number}`} />;
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <ResultDownloads
        exportUrl={`/chat/${encodeURIComponent(connector.id)}/export.csv`}
        exportBody={{ text: message.text }}
        name={connector.name}
        result={reply.result}
        onError={setExportError}
        label={`Download the result of message ${number}`}
      />
      {exportError ? <QueryErrorNotice error={exportError} label={`Download error for message ${number}`} /> : null}
      <QueryResultTable result={reply.result} label={`Result of message ${number}`} />
    </div>
  );
}
