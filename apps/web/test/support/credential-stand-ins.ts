import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer, type Server, type Socket } from "node:net";

/** A hostile server on loopback that records every credential a client hands it. */
export interface CredentialStandIn {
  host: string;
  port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Every password received, in order (PostgreSQL password messages, decoded HTTP Basic). */
  passwords(): string[];
  /** Everything received, as latin1 text, to search for a secret in any form. */
  received(): string;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

function close(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

function errorResponse(message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C28P01\0M${message}\0\0`, "latin1");
  const head = Buffer.alloc(5);
  head.write("E", 0, "latin1");
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/**
 * A PostgreSQL impostor: it refuses TLS, answers the startup message with
 * AuthenticationCleartextPassword (R, 3), so a client sends the password in the clear, records
 * the password message and then fails the login.
 */
export async function startCleartextPostgres(): Promise<CredentialStandIn> {
  let connections = 0;
  const passwords: string[] = [];
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on("data", (data) => {
      chunks.push(data);
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        // Startup packets have no type byte; later messages do.
        const offset = started ? 1 : 0;
        if (buffer.length < offset + 4) return;
        const length = buffer.readInt32BE(offset);
        if (buffer.length < offset + length) return;
        const message = buffer.subarray(0, offset + length);
        buffer = buffer.subarray(offset + length);
        if (!started && message.readInt32BE(4) === SSL_REQUEST) {
          socket.write("N");
        } else if (!started) {
          started = true;
          socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
        } else if (message.toString("latin1", 0, 1) === "p") {
          passwords.push(message.toString("utf8", 5, message.length - 1));
          socket.end(errorResponse("password authentication failed"));
        }
      }
    });
  });
  const port = await listen(server);
  return {
    host: "127.0.0.1",
    port,
    connections: () => connections,
    passwords: () => [...passwords],
    received: () => Buffer.concat(chunks).toString("latin1"),
    stop: () => close(server, sockets),
  };
}

function basicPassword(request: IncomingMessage): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1);
}

/**
 * An HTTP impostor for ClickHouse and Trino: it records each request (head and body) and the
 * password of any HTTP Basic credentials, then answers 401.
 */
export async function startRecordingHttp(): Promise<CredentialStandIn> {
  let connections = 0;
  const passwords: string[] = [];
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((request, response) => {
    const body: Buffer[] = [];
    request.on("data", (data: Buffer) => body.push(data));
    request.on("end", () => {
      requests.push(`${request.method} ${request.url}\n${request.rawHeaders.join("\n")}\n\n${Buffer.concat(body).toString("latin1")}`);
      const password = basicPassword(request);
      if (password !== undefined) passwords.push(password);
      response.writeHead(401, { "content-type": "text/plain" }).end("Authentication failed");
    });
  });
  server.on("connection", (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    host: "127.0.0.1",
    port,
    connections: () => connections,
    passwords: () => [...passwords],
    received: () => requests.join("\n"),
    stop: () => close(server, sockets),
  };
}
