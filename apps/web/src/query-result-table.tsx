"use client";

import { TriangleAlert } from "lucide-react";
import type { QueryResult } from "@connections/core";
import { numericColumns } from "./result-table/numeric-columns.ts";
import { ResultCell } from "./result-table/result-cell.tsx";
import { RowActions } from "./result-table/row-actions.tsx";
import { truncationNotice, wasCut } from "./truncation-notice.ts";
import { cn } from "./ui/cn.ts";

const HEAD = "sticky top-0 z-10 border-b border-border bg-muted px-3 py-2 font-medium whitespace-nowrap text-muted-foreground";

/**
 * A query's rows under their column names, with the row count, duration and truncation notice.
 * The table scrolls inside its own box (both ways) with the header row kept in view.
 */
export function QueryResultTable({ result, label, summaryId }: { result: QueryResult; label: string; summaryId?: string }) {
  const numeric = numericColumns(result);
  const notice = truncationNotice(result);
  return (
    <div className="flex min-w-0 flex-col gap-2">
      <p className="text-sm text-muted-foreground" id={summaryId}>
        {result.row_count} {result.row_count === 1 ? "row" : "rows"} in {result.duration_ms} ms
      </p>
      {notice ? (
        <p role="note" className="flex items-start gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-warning">
          <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          {notice}
        </p>
      ) : null}
      {/* Focusable so keyboard users can scroll it; named so screen readers say what it holds. */}
      <div
        role="region"
        aria-label={`${label}, scrollable`}
        tabIndex={0}
        className="max-h-[28rem] w-fit max-w-full min-w-0 overflow-auto rounded-lg border bg-card"
      >
        <table aria-label={label} className="w-max border-separate border-spacing-0 text-sm [&_tbody_tr:last-child>*]:border-b-0">
          <thead>
            <tr>
              <th scope="col" aria-label="Row number" className={cn(HEAD, "w-px text-right font-normal")}>
                #
              </th>
              {result.columns.map((column, c) => (
                <th key={c} scope="col" title={column.type} className={cn(HEAD, numeric[c] ? "text-right" : "text-left")}>
                  {column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.length === 0 ? (
              <tr>
                <td colSpan={result.columns.length + 1} className="px-3 py-3 text-muted-foreground">
                  No rows.
                </td>
              </tr>
            ) : null}
            {result.rows.map((row, r) => (
              <tr key={r} className="hover:bg-muted/50">
                <th scope="row" className="border-b border-border px-1 py-1 text-right align-top font-normal">
                  <RowActions columns={result.columns} row={row} number={r + 1} />
                </th>
                {row.map((value, c) => (
                  <ResultCell
                    key={c}
                    value={value}
                    numeric={numeric[c]!}
                    cut={wasCut(result, r, c)}
                    column={result.columns[c]?.name ?? ""}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
