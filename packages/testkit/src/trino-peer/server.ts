// Starts and stops the peer: a node:http (or, with `tls`, node:https) server on a loopback address and a kernel-chosen port
// (no probe-then-bind race), one in-memory SQLite database, and a registry of queries. stop()
// also drops idle keep-alive sockets so no test leaves a handle open.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { assertTestAddress } from "../test-address.ts";
import type { AddressInfo } from "node:net";
import type { PeerCredentials } from "./auth.ts";
import { openEngine, type SqliteDatabase } from "./engine.ts";
import { handle, type PeerState } from "./routes.ts";

export interface TrinoPeerOptions {
  /** Loopback or network-lab address to listen on. Default 127.0.0.1. */
  bindAddress?: string;
  /** Port to listen on. Default 0: the kernel picks a free one. */
  port?: number;
  /** Require Basic auth with these credentials. Without it the peer runs like an unauthenticated Trino. */
  auth?: PeerCredentials;
  /** Build the data set. Default: items(id INTEGER PRIMARY KEY, name TEXT) with 3 rows. */
  seed?: (db: SqliteDatabase) => void;
  /** Rows per result page (Trino pages by bytes, ~1 MB; rows are easier to reason about in tests). Default 1000. */
  pageRows?: number;
  /** Reported as nodeVersion.version by GET /v1/info. */
  version?: string;
  /** Serve HTTPS with this certificate and key (PEM files) instead of HTTP. */
  tls?: { certPath: string; keyPath: string };
}

export interface TrinoPeer {
  host: string;
  port: number;
  /** http(s)://host:port — the `server` option for trino-client. */
  url: string;
  stop(): Promise<void>;
  /** How many statements (authenticated POST /v1/statement with a body) were received. */
  queries(): number;
}

export async function startTrinoPeer(options: TrinoPeerOptions = {}): Promise<TrinoPeer> {
  const host = options.bindAddress ?? "127.0.0.1";
  assertTestAddress(host, "trino peer");
  const pageRows = options.pageRows ?? 1000;
  if (!Number.isInteger(pageRows) || pageRows < 1) throw new Error("trino peer: pageRows must be a positive integer");

  // Read before the database opens, so a bad path leaks nothing.
  const tls = options.tls && { cert: readFileSync(options.tls.certPath), key: readFileSync(options.tls.keyPath) };
  const db = openEngine(options.seed);
  const state: PeerState = {
    db,
    credentials: options.auth,
    pageRows,
    version: options.version ?? "trino-peer (better-sqlite3)",
    hostForUrls: "",
    queries: new Map(),
    statements: 0,
    startedAt: Date.now(),
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, state).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain;charset=utf-8" });
      res.end(String(err));
    });
  };
  const server = tls ? createHttpsServer(tls, listener) : createServer(listener);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  state.hostForUrls = `${hostInUrl}:${port}`;

  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    url: `${tls ? "https" : "http"}://${hostInUrl}:${port}`,
    queries: () => state.statements,
    stop: () =>
      (stopped ??= new Promise<void>((resolve, reject) => {
        server.close((err) => {
          state.queries.clear();
          db.close();
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      })),
  };
}
