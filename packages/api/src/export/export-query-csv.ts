import { AppError, type QueryInput } from "@connections/core";
import { audited } from "../audit/audited.ts";
import { readConnection } from "../connections/cached-connection.ts";
import { runQuery } from "../connections/query-connection.ts";
import { statementSummary } from "../connections/run-statement.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { CsvSink } from "./csv-sink.ts";

export interface CsvExport {
  /** A file name for the download: the connection's name. */
  filename: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * POST /v1/connections/{id}/query answered as CSV (Accept: text/csv): the same statement, limits
 * and audit row as the JSON answer, but the rows stream out as the database sends them and none
 * is kept. It resolves once the result's columns are known, so a statement that fails before
 * that is answered as an error with its status. A result cut by max_rows or max_bytes, or a
 * failure after the first line, ends the transfer with an error rather than a complete-looking file.
 */
export async function exportQueryCsv(ctx: ServiceContext, principal: Principal, id: string, input: QueryInput): Promise<CsvExport> {
  const sink = new CsvSink();
  const run = audited(
    ctx,
    principal,
    { action: "connection.query", projectId: null, connectionId: id, sql: input.sql },
    (audit) => runQuery(ctx, principal, id, input, audit, sink),
    (statement) => ({ ...statementSummary(statement), failedCode: statement.result.truncated ? "RESULT_TRUNCATED" : null }),
  );
  run.then(
    ({ result }) => (result.truncated ? sink.fail(truncated(result.truncated_by)) : sink.end()),
    (error: Error) => sink.fail(error),
  );
  await Promise.race([sink.whenDescribed(), run]);
  const { row } = await readConnection(ctx, principal, id);
  return { filename: `${row.name}.csv`, body: sink.body };
}

function truncated(by: "rows" | "bytes" | undefined): AppError {
  const limit = by === "bytes" ? "max_bytes" : "max_rows";
  return new AppError("QUERY_FAILED", `The result is larger than ${limit}: raise it to export every row`);
}
