import type { QueryInput } from "@connections/core";
import { audited } from "../audit/audited.ts";
import { readConnection } from "../connections/cached-connection.ts";
import { runQuery } from "../connections/query-connection.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { csvExport, csvSummary, type CsvExport } from "./csv-export.ts";

/**
 * POST /v1/connections/{id}/query answered as CSV (Accept: text/csv): the same statement, limits
 * and audit row as the JSON answer, with the rows streamed (see csvExport).
 */
export function exportQueryCsv(ctx: ServiceContext, principal: Principal, id: string, input: QueryInput): Promise<CsvExport> {
  return csvExport(
    (sink) =>
      audited(
        ctx,
        principal,
        { action: "connection.query", projectId: null, connectionId: id, sql: input.sql },
        (audit) => runQuery(ctx, principal, id, input, audit, sink),
        csvSummary,
      ),
    async () => (await readConnection(ctx, principal, id)).row.name,
  );
}
