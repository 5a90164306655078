import { AppError } from "@connections/core";
import type { AuditSummary } from "../audit/audited.ts";
import { statementSummary, type StatementRun } from "../connections/run-statement.ts";
import { CsvSink } from "./csv-sink.ts";

export interface CsvExport {
  /** A file name for the download: the connection's or chat connector's name. */
  filename: string;
  body: ReadableStream<Uint8Array>;
}

/** An export's audit row: a result cut short is a failed export. */
export function csvSummary(statement: StatementRun): AuditSummary {
  return { ...statementSummary(statement), failedCode: statement.result.truncated ? "RESULT_TRUNCATED" : null };
}

/**
 * A statement's rows streamed as CSV as the database sends them; none is kept. It resolves once
 * the result's columns are known, so a statement that fails before that is answered as an error
 * with its status. A result cut by max_rows or max_bytes, or a failure after the first line, ends
 * the transfer with an error rather than a complete-looking file.
 */
export async function csvExport(run: (sink: CsvSink) => Promise<StatementRun>, name: () => Promise<string>): Promise<CsvExport> {
  const sink = new CsvSink();
  const running = run(sink);
  running.then(
    ({ result }) => (result.truncated ? sink.fail(truncated(result.truncated_by)) : sink.end()),
    (error: Error) => sink.fail(error),
  );
  await Promise.race([sink.whenDescribed(), running]);
  return { filename: `${await name()}.csv`, body: sink.body };
}

function truncated(by: "rows" | "bytes" | undefined): AppError {
  const limit = by === "bytes" ? "max_bytes" : "max_rows";
  return new AppError("QUERY_FAILED", `The result is larger than ${limit}: raise it to export every row`);
}
