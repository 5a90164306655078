import type { Duplex } from "node:stream";
import { GuardedSocket } from "../policy/guarded-socket.ts";
import { openLoopbackListener, type LoopbackListener } from "./loopback-listener.ts";
import { resolveHost } from "./resolve-host.ts";
import { DEFAULT_TIMEOUTS } from "./timeouts.ts";
import type { TunnelConnection } from "./tunnel-connection.ts";

/** A stream drivers can `connect(port, host)`, like net.Socket. */
export type ConnectableSocket = Duplex & {
  connect(port: number, host: string, listener?: () => void): unknown;
  setNoDelay(noDelay?: boolean): unknown;
  setTimeout(ms: number, listener?: () => void): unknown;
};

/** How a driver reaches its database: directly, or through a bastion. */
export interface Transport {
  readonly tunneled: boolean;
  /** A not yet connected socket; the driver (or the caller) connects it to the database. */
  createSocket(): ConnectableSocket;
  /** For drivers that only take host:port (trino-client): a 127.0.0.1 port that reaches host:port. */
  loopback(host: string, port: number): Promise<LoopbackListener>;
}

export const directTransport: Transport = {
  tunneled: false,
  createSocket: () => new GuardedSocket().setNoDelay(true) as ConnectableSocket,
  // trino-client connects by itself, so the policy can only check the name before it does.
  loopback: async (host, port) => {
    await resolveHost(host, DEFAULT_TIMEOUTS.dns, { stage: "dns", field: "host" });
    return { host, port, close: async () => {} };
  },
};

export function tunnelTransport(connection: TunnelConnection, forwardTimeoutMs: number, onForward?: (socket: ConnectableSocket) => void): Transport {
  const createSocket = () => {
    const socket = connection.createSocket(forwardTimeoutMs);
    onForward?.(socket);
    return socket;
  };
  return { tunneled: true, createSocket, loopback: (host, port) => openLoopbackListener(host, port, createSocket) };
}
