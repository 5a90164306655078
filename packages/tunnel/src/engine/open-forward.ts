import type { Client, ClientChannel } from "ssh2";
import { TunnelError } from "./tunnel-error.ts";

/**
 * Opens a direct-tcpip channel to host:port as seen from the bastion. ssh2 gives a pending open
 * no timeout and no cancel, so ours decides; a channel that opens after it is closed at once.
 */
export function openForward(client: Client, host: string, port: number, timeoutMs: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new TunnelError("FORWARD_TIMEOUT", `The bastion did not open a channel to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      client.forwardOut("127.0.0.1", 0, host, port, (error, channel) => {
        if (settled) {
          channel?.close();
          return;
        }
        settled = true;
        clearTimeout(timer);
        if (error) reject(classifyForwardError(error as Error & { reason?: number }, host, port));
        else resolve(channel);
      });
    } catch (error) {
      // forwardOut throws synchronously when the connection is already gone.
      settled = true;
      clearTimeout(timer);
      reject(
        new TunnelError("TUNNEL_LOST", `The SSH connection to the bastion was lost: ${(error as Error).message}`, {
          cause: error,
          detail: { noticed: "opening_channel" },
        }),
      );
    }
  });
}

function classifyForwardError(error: Error & { reason?: number }, host: string, port: number): TunnelError {
  switch (error.reason) {
    case 1:
      return new TunnelError("FORWARD_PROHIBITED", `The bastion refused to forward to ${host}:${port} (administratively prohibited)`, {
        cause: error,
      });
    case 2:
      return new TunnelError("FORWARD_CONNECT_FAILED", `The bastion could not connect to ${host}:${port}`, { cause: error });
    case 3:
      return new TunnelError(
        "FORWARD_REFUSED",
        `The bastion's SSH server does not forward TCP: it refused the channel to ${host}:${port} as an unknown channel type`,
        {
          cause: error,
          detail: { reason: "unknown_channel_type" },
        },
      );
    case 4:
      return new TunnelError("FORWARD_REFUSED", `The bastion is out of resources for a channel to ${host}:${port}`, {
        cause: error,
        detail: { reason: "resource_shortage" },
      });
    default:
      return new TunnelError("FORWARD_REFUSED", `The bastion refused the channel to ${host}:${port}: ${error.message}`, {
        cause: error,
        detail: { reason: "other" },
      });
  }
}
