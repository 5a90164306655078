import { capitalised, type SshServerRef } from "@connections/core";
import type { ForwardedSocket } from "./forwarded-socket.ts";
import type { TunnelConnection } from "./tunnel-connection.ts";
import { TunnelError } from "./tunnel-error.ts";

// How OpenSSH words a direct-tcpip open that failed on its side (the getaddrinfo or connect error).
const NAME_NOT_RESOLVED = /name or service not known|name resolution|nodename nor servname|unknown host|no address associated/i;
const REFUSED = /refused/i;
const TIMED_OUT = /timed out/i;

/**
 * The dns and tcp stages of a hop after the first: the hop before it opens a channel to
 * host:port, resolving the name and connecting on its side. Its refusals are told as this hop's
 * dns or tcp failure, or, when the hop before forbids the forwarding, as that hop's own.
 */
export async function openHopSocket(
  via: TunnelConnection,
  host: string,
  port: number,
  timeoutMs: number,
  server: SshServerRef,
): Promise<ForwardedSocket> {
  const socket = via.createSocket(timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
      socket.connect(port, host);
    });
    socket.removeAllListeners("error");
    return socket;
  } catch (error) {
    socket.destroy();
    throw TunnelError.is(error) ? asHopFailure(error, via.server, server, host, port) : error;
  }
}

function asHopFailure(error: TunnelError, previous: SshServerRef, server: SshServerRef, host: string, port: number): TunnelError {
  const from = `${capitalised(previous.label)}${previous.hop ? ` (${previous.hop.host})` : ""}`;
  const target = `${host}:${port}`;
  const said = error.cause instanceof Error ? error.cause.message.replace(/^\(SSH\) Channel open failure: /, "") : "";
  const options = { cause: error, server };
  switch (error.code) {
    case "FORWARD_PROHIBITED":
      return new TunnelError("FORWARD_PROHIBITED", `${from} refused to forward to ${target} (administratively prohibited)`, {
        cause: error,
        server: previous,
      });
    case "FORWARD_REFUSED":
      return new TunnelError("FORWARD_REFUSED", `${from} refused the channel to ${target}: ${said || error.message}`, {
        cause: error,
        server: previous,
        detail: { reason: "other" },
      });
    case "FORWARD_TIMEOUT":
      return new TunnelError("TCP_TIMEOUT", `${from} did not connect to ${target} in time`, { ...options, detail: { peer: "bastion" } });
    case "TARGET_DENIED":
      return new TunnelError("TARGET_DENIED", error.message, { ...options, detail: { stage: "dns", field: `${server.field}.host` } });
    case "FORWARD_CONNECT_FAILED":
      if (NAME_NOT_RESOLVED.test(said)) {
        return new TunnelError("DNS_FAILED", `${host} does not resolve on ${previous.label} (${said})`, {
          ...options,
          detail: { field: `${server.field}.host` },
        });
      }
      if (REFUSED.test(said)) {
        return new TunnelError("TCP_REFUSED", `${target} refused the connection from ${previous.label}`, {
          ...options,
          detail: { peer: "bastion" },
        });
      }
      if (TIMED_OUT.test(said)) {
        return new TunnelError("TCP_TIMEOUT", `${target} did not answer ${previous.label} (${said})`, {
          ...options,
          detail: { peer: "bastion" },
        });
      }
      return new TunnelError("TCP_UNREACHABLE", `${target} is unreachable from ${previous.label}${said ? ` (${said})` : ""}`, {
        ...options,
        detail: { peer: "bastion" },
      });
    default:
      return error;
  }
}
