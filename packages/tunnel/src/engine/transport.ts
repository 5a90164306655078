import type { Duplex } from "node:stream";
import { GuardedSocket } from "../policy/guarded-socket.ts";
import type { TargetPolicy } from "../policy/target-policy.ts";
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
}

/** Sockets straight to the database, refused when `policy` denies its address. */
export function directTransport(policy: TargetPolicy): Transport {
  return { tunneled: false, createSocket: () => new GuardedSocket(policy).setNoDelay(true) as ConnectableSocket };
}

export function tunnelTransport(
  connection: TunnelConnection,
  forwardTimeoutMs: number,
  onForward?: (socket: ConnectableSocket) => void,
): Transport {
  const createSocket = () => {
    const socket = connection.createSocket(forwardTimeoutMs);
    onForward?.(socket);
    return socket;
  };
  return { tunneled: true, createSocket };
}
