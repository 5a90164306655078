"use client";

import { Play } from "lucide-react";
import { useState } from "react";
import { MAX_ROWS_LIMIT, type ConnectionType, type QueryResult } from "@connections/core";
import { queryError, type QueryError } from "~/query-error.ts";
import { QueryErrorNotice } from "~/query-error-notice.tsx";
import { QueryResultTable } from "~/query-result-table.tsx";
import { HistoryMenu } from "~/history-menu.tsx";
import { ResultDownloads } from "~/result-downloads.tsx";
import { sqlDialectFor } from "~/sql-editor/sql-dialect.ts";
import { SqlEditor } from "~/sql-editor/sql-editor.tsx";
import { trpc } from "~/trpc-client.ts";
import { Button } from "~/ui/button.tsx";

/** An SQL editor with Run (or Ctrl/Cmd+Enter), the result table, row count, duration and errors. */
export function SqlConsole({ id, name, type, nonce }: { id: string; name: string; type: ConnectionType; nonce: string | undefined }) {
  const [sql, setSql] = useState("select 1");
  // The result with the statement that made it, so a download exports that statement even after an edit.
  const [result, setResult] = useState<{ sql: string; data: QueryResult } | null>(null);
  const [error, setError] = useState<QueryError | null>(null);
  const [running, setRunning] = useState(false);

  async function run(text: string) {
    if (running || !text.trim()) return;
    setRunning(true);
    setError(null);
    try {
      setResult({ sql: text, data: await trpc.connection.query.mutate({ id, sql: text }) });
    } catch (failure) {
      setResult(null);
      setError(queryError(failure));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="flex min-w-0 flex-col gap-4" aria-label="Query">
      <SqlEditor
        value={sql}
        onChange={setSql}
        onSubmit={(text) => void run(text)}
        dialect={sqlDialectFor(type)}
        label="SQL"
        nonce={nonce}
        lineNumbers
        describedBy="sql-hint"
        className="[--sql-editor-max:22rem] [--sql-editor-min:7.5rem]"
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="primary" onClick={() => void run(sql)} disabled={running || !sql.trim()}>
          <Play aria-hidden />
          {running ? "Running…" : "Run"}
        </Button>
        <HistoryMenu
          load={() => trpc.connection.history.query({ id })}
          onRerun={(text) => {
            setSql(text);
            void run(text);
          }}
        />
        <span id="sql-hint" className="text-sm text-muted-foreground">
          <kbd className="font-mono">Ctrl</kbd>/<kbd className="font-mono">Cmd</kbd>+<kbd className="font-mono">Enter</kbd> runs the query
        </span>
      </div>
      <div aria-live="polite" className="min-w-0">
        {error ? <QueryErrorNotice id="query-error" label="Query error" error={error} /> : null}
        {result ? (
          <div className="flex min-w-0 flex-col gap-3">
            <ResultDownloads
              exportUrl={`/connections/${encodeURIComponent(id)}/export.csv`}
              exportBody={{ sql: result.sql, max_rows: MAX_ROWS_LIMIT }}
              name={name}
              result={result.data}
              onError={setError}
            />
            <QueryResultTable result={result.data} label="Query result" summaryId="query-summary" />
          </div>
        ) : null}
      </div>
    </section>
  );
}
