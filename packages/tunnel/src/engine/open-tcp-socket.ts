import { connect, type Socket } from "node:net";
import type { StageName } from "@connections/core";
import { withTimeout } from "./stage-recorder.ts";
import { TunnelError } from "./tunnel-error.ts";

/** TCP stage: a connected socket with Nagle off (ssh2 leaves it on; every request would stall ~40 ms). */
export async function openTcpSocket(address: string, port: number, timeoutMs: number, what: { stage: StageName; label: string; hint: string }): Promise<Socket> {
  const socket = connect({ host: address, port, noDelay: true });
  const connected = new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
  try {
    const ready = await withTimeout(
      connected,
      timeoutMs,
      () => new TunnelError(what.stage, "TCP_TIMEOUT", `${what.label} ${address}:${port} did not answer within ${timeoutMs} ms`, `${what.hint}; a firewall may be dropping the packets`),
      () => socket.destroy(),
    );
    socket.removeAllListeners("error");
    return ready;
  } catch (error) {
    socket.destroy();
    if (TunnelError.is(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ECONNREFUSED") {
      throw new TunnelError(what.stage, "TCP_REFUSED", `${what.label} ${address}:${port} refused the connection`, `Nothing listens on that port: ${what.hint}`);
    }
    throw new TunnelError(what.stage, "TCP_UNREACHABLE", `${what.label} ${address}:${port} is unreachable (${code ?? "network error"})`, what.hint);
  }
}

/** TCP stage of a direct connection: can the database's port be reached at all? */
export async function openTcpProbe(address: string, port: number, timeoutMs: number): Promise<void> {
  const socket = await openTcpSocket(address, port, timeoutMs, {
    stage: "tcp",
    label: "The database",
    hint: "Check host and port; a database in a private network needs an ssh_tunnel",
  });
  socket.destroy();
}
