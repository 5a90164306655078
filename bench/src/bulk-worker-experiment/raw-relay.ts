// The tunnel's own cost, without a driver: a local server sends `mb` MiB as fast as the channel
// takes it, and the reader only counts bytes. Main-thread CPU per MB is what a driver competes with.
import { createServer, type AddressInfo, type Server } from "node:net";
import type { Transport } from "@connections/tunnel";
import { mainThreadCpuMs } from "./main-thread-cpu.ts";

export interface RelaySample {
  mbPerS: number;
  processCpuMsPerMb: number;
  mainThreadCpuMsPerMb: number;
}

export async function startBlaster(mb: number): Promise<{ port: number; server: Server }> {
  const block = Buffer.alloc(1 << 20, 120);
  const server = createServer((socket) => {
    socket.once("data", () => {
      let sent = 0;
      const send = () => {
        while (sent < mb) {
          sent++;
          if (!socket.write(block)) return void socket.once("drain", send);
        }
        socket.end();
      };
      send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

export async function relayOnce(transport: Transport, port: number): Promise<RelaySample> {
  const socket = transport.createSocket();
  const mainBefore = mainThreadCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    socket.connect(port, "127.0.0.1", () => socket.write("go"));
    socket.on("data", (data: Buffer) => (bytes += data.length));
    socket.once("end", () => resolve());
    socket.once("error", reject);
  });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const mainMs = mainThreadCpuMs() - mainBefore;
  socket.destroy();
  const mb = bytes / 1e6;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    mbPerS: round(mb / (ms / 1000)),
    processCpuMsPerMb: round((cpu.user + cpu.system) / 1000 / mb),
    mainThreadCpuMsPerMb: round(mainMs / mb),
  };
}
