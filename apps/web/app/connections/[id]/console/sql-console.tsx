"use client";

import { useState, type KeyboardEvent } from "react";
import type { QueryResult } from "@connections/core";
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
        {result ? <ResultTable result={result} /> : null}
      </div>
    </section>
  );
}

function ResultTable({ result }: { result: QueryResult }) {
  return (
    <>
      <p className="muted" id="query-summary">
        {result.row_count} {result.row_count === 1 ? "row" : "rows"} in {result.duration_ms} ms
        {result.truncated ? ` — showing the first ${result.row_count}; the result has more rows` : ""}
      </p>
      <table aria-label="Query result">
        <thead>
          <tr>
            {result.columns.map((column, i) => (
              <th key={i} scope="col" title={column.type}>
                {column.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, c) => (
                <td key={c}>{value === null ? <span className="muted">NULL</span> : typeof value === "object" ? JSON.stringify(value) : String(value)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
