// A Vertica server stand-in for tests: speaks the Vertica wire protocol as vertica-nodejs 1.1.4
// uses it, and executes the SQL on an in-memory SQLite database (seeded with `items`). No real
// Vertica server can be installed on these machines and PostgreSQL cannot answer Vertica's
// startup packet, hence this peer.
import { randomBytes, randomInt } from "node:crypto";
import { createServer, type Socket } from "node:net";
import { assertTestAddress } from "../test-address.ts";
import type { AuthMethod } from "./auth.ts";
import { SEED_SQL } from "./seed.ts";
import { Session } from "./session.ts";
import { SqlEngine } from "./sql-engine.ts";

export type { AuthMethod } from "./auth.ts";

export interface VerticaPeerOptions {
  /** Loopback or network-lab address to listen on (default 127.0.0.1); anything else is refused. */
  bindAddress?: string;
  /** Default: a free port. */
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** Challenge to send: "sha512" (Vertica's default hash), "md5" or "password" (cleartext). */
  authMethod?: AuthMethod;
  /** Reported in ParameterStatus server_version. */
  serverVersion?: string;
}

export interface VerticaPeer {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Closes the listener and every open client socket, then the database. */
  stop(): Promise<void>;
  /** Open client sockets right now (authenticated or not). */
  connections(): number;
}

export async function startVerticaPeer(options: VerticaPeerOptions = {}): Promise<VerticaPeer> {
  const host = options.bindAddress ?? "127.0.0.1";
  assertTestAddress(host, "startVerticaPeer");
  const user = options.user ?? "dbadmin";
  const password = options.password ?? randomBytes(12).toString("hex");
  const database = options.database ?? "vdb";

  const engine = new SqlEngine();
  engine.exec(SEED_SQL);

  const sockets = new Set<Socket>();
  const sessions = new Map<number, Session>();
  let nextPid = randomInt(10_000, 60_000);

  const server = createServer((socket) => {
    sockets.add(socket);
    // A client vanishing mid-write must not crash the test process.
    socket.on("error", () => socket.destroy());
    const processId = nextPid++;
    const session = new Session(socket, {
      user,
      password,
      database,
      authMethod: options.authMethod ?? "sha512",
      serverVersion: options.serverVersion ?? "v24.1.0-0",
      engine,
      processId,
      secretKey: randomInt(1, 0x7fffffff),
      onCancelRequest: (pid, key) => sessions.get(pid)?.cancel(key),
    });
    sessions.set(processId, session);
    socket.on("close", () => {
      sockets.delete(socket);
      sessions.delete(processId);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      server.close(() => {
        engine.close();
        resolve();
      });
      for (const socket of sockets) socket.destroy();
    }));

  // A destroyed socket may still be in the set until its 'close' event runs; it no longer counts.
  const connections = () => [...sockets].filter((s) => !s.destroyed).length;

  return { host, port, user, password, database, stop, connections };
}
