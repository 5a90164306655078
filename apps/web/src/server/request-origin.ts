import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { RequestOrigin } from "@connections/api";

// Next gives route handlers and server actions the request's headers but not its socket, and its
// own X-Forwarded-For keeps whatever a client sent. So the server stamps each request, before
// Next reads it, with the socket's peer address in a header of ours, replacing any sent.
const PEER_HEADER = "x-connections-peer-address";

let stamping = false;

/** Once per process, at start-up: every request this process serves carries its peer address. */
export function stampPeerAddresses(): void {
  if (stamping) return;
  stamping = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "";
  });
}

/** Where a request came from, for the per-address sign-in throttle (see clientAddress). */
export function requestOrigin(headers: Headers): RequestOrigin {
  return { peer: headers.get(PEER_HEADER) || null, forwardedFor: headers.get("x-forwarded-for") };
}
