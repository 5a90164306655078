// Small node:http helpers: read a request body, answer in JSON or plain text, and compute the
// base URL for nextUri/infoUri from the request's Host header, so the URLs a client follows
// point back the way it came in (e.g. through a forwarded port), as Trino's UriInfo does.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, json: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json) });
  res.end(json);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, "Content-Type": "text/plain;charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { "Content-Length": 0 });
  res.end();
}

export function baseUrl(req: IncomingMessage, fallbackHost: string): string {
  const host = req.headers.host?.trim();
  // Served over TLS, the nextUri links must stay https like Trino's own.
  const scheme = (req.socket as TLSSocket).encrypted ? "https" : "http";
  return `${scheme}://${host || fallbackHost}`;
}
