"use client";

import { Download } from "lucide-react";
import { useState } from "react";
import { MAX_ROWS_LIMIT, type QueryResult } from "@connections/core";
import type { QueryError } from "~/query-error.ts";
import { Button } from "~/ui/button.tsx";

/** Saves a blob under a file name, as a link the browser downloads. */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function csvFailure(response: Response): Promise<QueryError> {
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  return {
    code: body?.error?.code ?? `HTTP_${response.status}`,
    message: body?.error?.message ?? `The export failed (${response.status})`,
  };
}

/**
 * "Download CSV" runs the statement again as an export of every row (up to MAX_ROWS_LIMIT, streamed
 * by the server); "Download JSON" saves the result on screen as the API returned it.
 */
export function ResultDownloads({
  exportUrl,
  exportBody,
  name,
  result,
  onError,
  label = "Download the result",
}: {
  /** The session route that streams the statement's CSV (a connection's or a chat connector's). */
  exportUrl: string;
  /** What it is posted: the statement, and for a connection the row limit. */
  exportBody: Record<string, unknown>;
  /** The downloaded files' name, without extension. */
  name: string;
  result: QueryResult;
  onError: (error: QueryError | null) => void;
  /** The buttons' group, named apart where a page has several results. */
  label?: string;
}) {
  const [exporting, setExporting] = useState(false);

  async function downloadCsv() {
    setExporting(true);
    onError(null);
    try {
      const response = await fetch(exportUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(exportBody),
      });
      if (!response.ok) return onError(await csvFailure(response));
      save(await response.blob(), `${name}.csv`);
    } catch (failure) {
      onError({
        code: "EXPORT_FAILED",
        message: `The export stopped before its end: ${failure instanceof Error ? failure.message : String(failure)}. A result over ${MAX_ROWS_LIMIT.toLocaleString("en")} rows or the byte limit is not exported; narrow the query.`,
      });
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label={label}>
      <Button size="sm" onClick={() => void downloadCsv()} disabled={exporting}>
        <Download aria-hidden />
        {exporting ? "Exporting…" : "Download CSV"}
      </Button>
      <Button size="sm" onClick={() => save(new Blob([JSON.stringify(result, null, 2)], { type: "application/json" }), `${name}.json`)}>
        <Download aria-hidden />
        Download JSON
      </Button>
      <span className="text-xs text-muted-foreground">
        CSV runs the query again for every row, up to {MAX_ROWS_LIMIT.toLocaleString("en")}
      </span>
    </div>
  );
}
