import "server-only";
import type { CsvExport } from "@connections/api";

/** A CSV export as a download: streamed, named for its connection (RFC 6266 / 8187 file name). */
export function csvResponse({ filename, body }: CsvExport): Response {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename*=UTF-8''${encoded}`,
      "cache-control": "no-store",
    },
  });
}
