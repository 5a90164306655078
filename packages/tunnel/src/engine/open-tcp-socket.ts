import { connect, type Socket } from "node:net";
import type { SshServerRef } from "@connections/core";
import { classifySocketError } from "./connect-errors.ts";
import { withTimeout } from "./stage-recorder.ts";
import { TunnelError } from "./tunnel-error.ts";

/** TCP stage: a connected socket with Nagle off (ssh2 leaves it on; every request would stall ~40 ms). */
export async function openTcpSocket(
  address: string,
  port: number,
  timeoutMs: number,
  what: { peer: "bastion" | "database"; label: string; server?: SshServerRef | undefined },
): Promise<Socket> {
  const socket = connect({ host: address, port, noDelay: true });
  const connected = new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
  try {
    const ready = await withTimeout(
      connected,
      timeoutMs,
      () =>
        new TunnelError("TCP_TIMEOUT", `${what.label} ${address}:${port} did not answer within ${timeoutMs} ms`, {
          detail: { peer: what.peer },
          server: what.server,
        }),
      () => socket.destroy(),
    );
    socket.removeAllListeners("error");
    return ready;
  } catch (error) {
    socket.destroy();
    if (TunnelError.is(error)) throw error;
    const detail = { peer: what.peer };
    const { server } = what;
    if (classifySocketError(error)?.code === "TCP_REFUSED") {
      throw new TunnelError("TCP_REFUSED", `${what.label} ${address}:${port} refused the connection`, { cause: error, detail, server });
    }
    // The address is already resolved, so anything else is the network's answer.
    const code = (error as NodeJS.ErrnoException).code;
    throw new TunnelError("TCP_UNREACHABLE", `${what.label} ${address}:${port} is unreachable (${code ?? "network error"})`, {
      cause: error,
      detail,
      server,
    });
  }
}

/** TCP stage of a direct connection: can the database's port be reached at all? */
export async function openTcpProbe(address: string, port: number, timeoutMs: number): Promise<void> {
  const socket = await openTcpSocket(address, port, timeoutMs, { peer: "database", label: "The database" });
  socket.destroy();
}
