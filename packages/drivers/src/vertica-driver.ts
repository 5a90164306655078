/// <reference path="./vertica-nodejs.d.ts" />
import type { EventEmitter } from "node:events";
import vertica from "vertica-nodejs";
import type { verticaType } from "@connections/core";
import { TunnelError } from "@connections/tunnel";
import { classifyLoginError, type LoginErrorTable } from "./classify-login-error.ts";
import type { DatabaseDriver, DatabaseSession, DriverContext } from "./driver.ts";
import { queryFailed, queryTimedOut } from "./database-errors.ts";
import { refuseUnlessReading } from "./read-only-statement.ts";
import { type Flow, readRowsWithinBudget } from "./read-rows-within-budget.ts";
import { recordLoginStages } from "./record-login-stages.ts";
import { ResultBudget } from "./result-budget.ts";

const VerticaQuery = (vertica as unknown as { Query: new (config: { text: string; values: unknown[]; rowMode: "array" }) => EventEmitter })
  .Query;

type VerticaField = { name: string; dataTypeID: number };

interface VerticaClient {
  connect(): Promise<void>;
  /** With a Query object it returns that query, which emits "row", "end" and "error". */
  query(query: EventEmitter): EventEmitter;
  end(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): void;
}

const LOGIN_ERRORS: LoginErrorTable = {
  database: "vertica",
  codesOf: (error) => [error.code],
  // 28000 invalid authorization, 3D000 unknown database.
  codes: { "28000": "DB_AUTH_FAILED", "28P01": "DB_AUTH_FAILED", "3D000": "DB_AUTH_FAILED" },
  tlsText: /SSL|TLS/i,
  timeoutText: /timeout/i,
  caField: "the system's trusted CAs; Vertica connections have no CA field",
  connectFailed: "Connecting to Vertica failed",
};

/**
 * vertica-nodejs looks the host up locally and connects its stream to the address it found, which
 * would send a bastion-only name to the wrong place. So it is given a loopback placeholder host and
 * a stream pinned to the real host:port; TLS checks still use the real name (tls_host).
 */
export const verticaDriver: DatabaseDriver<typeof verticaType.type> = {
  async connect(config, context: DriverContext): Promise<DatabaseSession> {
    const started = performance.now();
    const socket = context.transport.createSocket();
    const connect = socket.connect.bind(socket);
    socket.connect = ((_port: number, _host: string, listener?: () => void) =>
      connect(config.port, config.host, listener)) as typeof socket.connect;
    const tlsMode = config.tls_mode ?? "disable";
    const client = new (vertica as unknown as { Client: new (options: object) => VerticaClient }).Client({
      host: "127.0.0.1",
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      stream: socket,
      tls_mode: tlsMode,
      tls_host: config.host,
      connectionTimeoutMillis: context.connectTimeoutMs,
    });
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      socket.destroy();
      const typed = classifyLoginError(error, LOGIN_ERRORS, {
        host: config.host,
        port: config.port,
        user: config.user,
        timeoutMs: context.connectTimeoutMs,
      });
      context.recorder?.failed(typed, started);
      throw typed;
    }
    recordLoginStages(context.recorder, tlsMode !== "disable", started);
    return session(client, socket, Boolean(context.readOnly));
  },
};

function session(client: VerticaClient, socket: Flow & { destroy(): void }, readOnly: boolean): DatabaseSession {
  let open = true;
  return {
    async query(sql, params, { maxRows, maxBytes, timeoutMs, sink }) {
      // Refused before sending (SPEC §12): the statement never reaches Vertica.
      if (readOnly) refuseUnlessReading(sql);
      try {
        // vertica-nodejs asks for every row; the budget stops reading (drops the socket) past a limit.
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          socket.destroy();
        }, timeoutMs);
        const budget = new ResultBudget(maxRows, maxBytes, sink);
        const query = client.query(new VerticaQuery({ text: sql, values: [...params], rowMode: "array" }));
        await readRowsWithinBudget(
          query,
          budget,
          (fields: VerticaField[]) => fields.map((f) => ({ name: f.name, type: `vertica:${f.dataTypeID}` })),
          () => socket.destroy(),
          socket,
        )
          .catch((error: unknown) => {
            throw timedOut ? queryTimedOut(timeoutMs) : error;
          })
          .finally(() => clearTimeout(timer));
        return budget.result();
      } catch (error) {
        if (TunnelError.is(error)) throw error;
        throw queryFailed((error as Error).message);
      }
    },
    // Vertica has no statement that resets a session, so a session serves one caller only.
    reset: () => Promise.reject(new Error("Vertica sessions are not reused")),
    isOpen: () => open,
    async close() {
      open = false;
      await client.end().catch(() => {});
      socket.destroy();
    },
  };
}
