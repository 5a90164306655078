import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A hostile HTTP endpoint in this test process, recording everything that reached it. */
export interface HttpStandIn {
  host: string;
  port: number;
  /** http://host:port */
  url: string;
  /** TCP connections accepted, whether or not a request followed. */
  connections(): number;
  requests(): ReceivedRequest[];
  stop(): Promise<void>;
}

export type StandInHandler = (request: ReceivedRequest, response: ServerResponse, raw: IncomingMessage) => void;

/** Listens on a loopback address and a kernel-chosen port; `handler` answers each request. */
export async function startHttpStandIn(host: string, handler: StandInHandler): Promise<HttpStandIn> {
  const received: ReceivedRequest[] = [];
  let connections = 0;
  const server = createServer((raw, response) => {
    let body = "";
    raw.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    raw.on("end", () => {
      const request = { method: raw.method ?? "", url: raw.url ?? "", authorization: raw.headers.authorization, body };
      received.push(request);
      handler(request, response, raw);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: `http://${host}:${port}`,
    connections: () => connections,
    requests: () => [...received],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, document: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(document));
}
