import type { Channel, Client } from "ssh2";
import { BASTION_SERVER, capitalised, type SshServerRef } from "@connections/core";
import { TunnelError } from "./tunnel-error.ts";

type ChannelCallback = (error: Error | undefined, channel: Channel) => void;

/** Opens a direct-tcpip channel to host:port as seen from the bastion. */
export function openForward(client: Client, host: string, port: number, timeoutMs: number, server = BASTION_SERVER): Promise<Channel> {
  return openChannelWithin(host, port, timeoutMs, server, (done) => client.forwardOut("127.0.0.1", 0, host, port, done));
}

/**
 * Waits for a channel that `open` asked for. ssh2 gives a pending open no timeout and no cancel,
 * so ours decides; a channel that opens after it is closed at once. Failures name `server`.
 */
export function openChannelWithin(
  host: string,
  port: number,
  timeoutMs: number,
  server: SshServerRef,
  open: (done: ChannelCallback) => void,
): Promise<Channel> {
  const who = capitalised(server.label);
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new TunnelError("FORWARD_TIMEOUT", `${who} did not open a channel to ${host}:${port} within ${timeoutMs} ms`, { server }));
    }, timeoutMs);
    try {
      open((error, channel) => {
        if (settled) {
          channel?.close();
          return;
        }
        settled = true;
        clearTimeout(timer);
        if (error) reject(classifyForwardError(error as Error & { reason?: number }, host, port, server));
        else resolve(channel);
      });
    } catch (error) {
      // forwardOut throws synchronously when the connection is already gone.
      settled = true;
      clearTimeout(timer);
      reject(
        new TunnelError("TUNNEL_LOST", `The SSH connection to ${server.label} was lost: ${(error as Error).message}`, {
          cause: error,
          server,
          detail: { noticed: "opening_channel" },
        }),
      );
    }
  });
}

function classifyForwardError(error: Error & { reason?: number }, host: string, port: number, server: SshServerRef): TunnelError {
  const who = capitalised(server.label);
  switch (error.reason) {
    case 1:
      return new TunnelError("FORWARD_PROHIBITED", `${who} refused to forward to ${host}:${port} (administratively prohibited)`, {
        cause: error,
        server,
      });
    case 2:
      return new TunnelError("FORWARD_CONNECT_FAILED", `${who} could not connect to ${host}:${port}`, { cause: error, server });
    case 3:
      return new TunnelError(
        "FORWARD_REFUSED",
        `${who}'s SSH server does not forward TCP: it refused the channel to ${host}:${port} as an unknown channel type`,
        {
          cause: error,
          server,
          detail: { reason: "unknown_channel_type" },
        },
      );
    case 4:
      return new TunnelError("FORWARD_REFUSED", `${who} is out of resources for a channel to ${host}:${port}`, {
        cause: error,
        server,
        detail: { reason: "resource_shortage" },
      });
    default:
      return new TunnelError("FORWARD_REFUSED", `${who} refused the channel to ${host}:${port}: ${error.message}`, {
        cause: error,
        server,
        detail: { reason: "other" },
      });
  }
}
