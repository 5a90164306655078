import { CircleAlert } from "lucide-react";
import type { QueryError } from "./query-error.ts";

/** A failed query in the danger tone: what failed (code and message), where, and what to change. */
export function QueryErrorNotice({ error, label, id }: { error: QueryError; label: string; id?: string }) {
  return (
    <div id={id} role="group" aria-label={label} className="flex gap-3 rounded-lg border border-danger/40 bg-danger/10 p-3 text-sm">
      <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-danger" />
      <div className="min-w-0 space-y-1">
        <p className="font-medium text-danger">
          The query failed <code className="rounded bg-background/60 px-1 font-mono text-xs">{error.code}</code>
        </p>
        <p className="break-words whitespace-pre-wrap text-foreground">{error.message}</p>
        {error.stage ? (
          <p className="text-muted-foreground">
            Failed at <strong className="text-foreground">{error.stage}</strong>
            {error.stageCode && error.stageCode !== error.code ? ` (${error.stageCode})` : ""}: {error.hint}
          </p>
        ) : (
          <p className="text-muted-foreground">Check the SQL and the connection, then run it again.</p>
        )}
      </div>
    </div>
  );
}
