/**
 * True when the Accept header ranks text/csv above application/json (RFC 9110 §12.5.1: the
 * highest q wins; a missing header, or a tie, keeps JSON, the API's own format).
 */
export function prefersCsv(accept: string | null): boolean {
  let csv = 0;
  let json = accept ? 0 : 1;
  for (const range of (accept ?? "").split(",")) {
    const [type = "", ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    const qParameter = parameters.find((parameter) => parameter.startsWith("q="));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === "text/csv") csv = Math.max(csv, q);
    else if (type === "application/json" || type === "application/*" || type === "*/*") json = Math.max(json, q);
  }
  return csv > json;
}
