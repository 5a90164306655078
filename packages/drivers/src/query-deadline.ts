import type { ConnectableSocket } from "@connections/tunnel";
import { queryTimedOut } from "./database-errors.ts";
import type { ConfigDriver, DatabaseSession, DriverContext } from "./driver.ts";

/** How long past timeout_ms the database's own timeout error may take to arrive. */
export const DEADLINE_GRACE_MS = 1_000;

/**
 * Every query ends by timeout_ms + grace even when the database's answer cannot arrive (a
 * partition, a frozen bastion): server-side timeouts need the network, and some drivers (pg,
 * trino-client) have no client-side one. At the deadline the session's sockets are destroyed and
 * the caller gets QUERY_TIMEOUT.
 */
export function withQueryDeadline<C>(driver: ConfigDriver<C>): ConfigDriver<C> {
  return {
    async connect(config: C, context: DriverContext): Promise<DatabaseSession> {
      const sockets = new Set<ConnectableSocket>();
      const createSocket = () => {
        const socket = context.transport.createSocket();
        sockets.add(socket);
        socket.once("close", () => sockets.delete(socket));
        return socket;
      };
      const session = await driver.connect(config, { ...context, transport: { ...context.transport, createSocket } });
      return {
        query(sql, params, options) {
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              const error = queryTimedOut(options.timeoutMs);
              for (const socket of sockets) socket.destroy(error);
              // Releases what the driver holds besides these sockets (a client's agent and pool).
              void session.close();
              reject(error);
            }, options.timeoutMs + DEADLINE_GRACE_MS);
            session
              .query(sql, params, options)
              .then(resolve, reject)
              .finally(() => clearTimeout(timer));
          });
        },
        reset: () => session.reset(),
        isOpen: () => session.isOpen(),
        close: () => session.close(),
      };
    },
  };
}
