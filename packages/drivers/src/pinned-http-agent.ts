import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Transport } from "@connections/tunnel";
import { canonicalHost, connectionOrigin, otherOriginRefused, sameOrigin, type HttpOrigin } from "./http-origin.ts";

export interface PinnedTarget {
  secure: boolean;
  /** The connection's host: the socket's destination, TLS's server name and certificate check. */
  host: string;
  port: number;
  /** Trusted instead of the system CAs when given. */
  tlsCa?: string | undefined;
  /** Names the driver in the refusal, e.g. "ClickHouse". */
  label: string;
}

type ConnectionCallback = (error: Error | null, socket?: Socket) => void;

/**
 * An HTTP(S) agent whose every socket comes from the transport (so the target policy or the
 * tunnel applies to the address actually connected to) and goes to the connection's own
 * host:port. A request for any other origin gets an error before a socket exists, so nothing is
 * sent there. TLS is done here, verified against the real host name, because neither client
 * applies its own TLS options to a custom agent.
 */
export function pinnedHttpAgent(transport: Transport, target: PinnedTarget): HttpAgent {
  const own = connectionOrigin(target.secure, target.host, target.port);
  const open = (options: { host?: string | null; port?: number | string | null }, callback: ConnectionCallback): Socket | undefined => {
    const port = Number(options.port) || (target.secure ? 443 : 80);
    const asked: HttpOrigin = { protocol: own.protocol, hostname: canonicalHost(options.host ?? ""), port };
    if (!sameOrigin(asked, own)) {
      callback(otherOriginRefused(`A request of the ${target.label} client`, asked, own));
      return undefined;
    }
    const socket = transport.createSocket();
    socket.connect(target.port, target.host);
    if (!target.secure) return socket as unknown as Socket;
    return tlsConnect({
      socket: socket as never,
      servername: target.host,
      rejectUnauthorized: true,
      ...(target.tlsCa ? { ca: target.tlsCa } : {}),
    });
  };
  const agent = target.secure ? new HttpsAgent({ keepAlive: true, maxSockets: 4 }) : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  (agent as unknown as { createConnection: typeof open }).createConnection = open;
  return agent;
}
