import type { QueryResult } from "@connections/core";
import { truncationNotice, wasCut } from "./truncation-notice.ts";

/** A query's rows under their column names, with the row count, duration and truncation notice. */
export function QueryResultTable({ result, label, summaryId }: { result: QueryResult; label: string; summaryId?: string }) {
  return (
    <>
      <p className="muted" id={summaryId}>
        {result.row_count} {result.row_count === 1 ? "row" : "rows"} in {result.duration_ms} ms
        {truncationNotice(result)}
      </p>
      <table aria-label={label}>
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
                <td key={c}>
                  {value === null ? <span className="muted">NULL</span> : typeof value === "object" ? JSON.stringify(value) : String(value)}
                  {wasCut(result, r, c) ? (
                    <span className="muted" title="Cut to fit max_bytes">
                      {" "}
                      ✂
                    </span>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
