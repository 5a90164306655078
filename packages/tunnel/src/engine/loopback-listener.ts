import { createServer, type Socket } from "node:net";
import type { ConnectableSocket } from "./transport.ts";

export interface LoopbackListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A 127.0.0.1 ephemeral port whose connections are forwarded to host:port. Only for drivers that
 * accept nothing but a host and port; it lives exactly as long as the caller's use of it.
 */
export function openLoopbackListener(host: string, port: number, createSocket: () => ConnectableSocket): Promise<LoopbackListener> {
  const open = new Set<Socket | ConnectableSocket>();
  const server = createServer((local) => {
    local.setNoDelay(true);
    const remote = createSocket();
    open.add(local).add(remote);
    local.once("close", () => open.delete(local));
    remote.once("close", () => open.delete(remote));
    local.pipe(remote).pipe(local);
    // An error on either side ends both, carrying the reason to the driver's side.
    local.on("error", () => remote.destroy());
    remote.on("error", () => local.destroy());
    remote.connect(port, host);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      resolve({
        host: "127.0.0.1",
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
