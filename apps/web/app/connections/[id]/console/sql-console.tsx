"use client";

import { useState, type KeyboardEvent } from "react";
import { QueryResultTable } from "~/query-result-table.tsx";
import { trpc } from "~/trpc-client.ts";
import { useAsyncAction } from "~/use-async-action.ts";

/** An SQL editor with Run (or Ctrl/Cmd+Enter), the result table, row count, duration and errors. */
export function SqlConsole({ id }: { id: string }) {
  const [sql, setSql] = useState("select 1");
  const { result, error, running, run } = useAsyncAction(() => trpc.connection.query.mutate({ id, sql }));

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  }

  return (
    <section className="stack">
      <label htmlFor="sql">SQL</label>
      <textarea id="sql" rows={6} spellCheck={false} value={sql} onChange={(e) => setSql(e.target.value)} onKeyDown={onKeyDown} />
      <div>
        <button type="button" onClick={() => void run()} disabled={running || !sql.trim()}>
          {running ? "Running…" : "Run"}
        </button>{" "}
        <span className="muted">Ctrl/Cmd+Enter</span>
      </div>
      <div aria-live="polite">
        {error ? (
          <p role="status" className="error" id="query-error">
            {error}
          </p>
        ) : null}
        {result ? <QueryResultTable result={result} label="Query result" summaryId="query-summary" /> : null}
      </div>
    </section>
  );
}
