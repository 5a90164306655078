// A TCP proxy that counts what passes through it, as its own process so it can sit inside a
// private network namespace in front of a database. After every change it rewrites its counts
// to the status file; it prints one JSON line when it listens.
import { renameSync, writeFileSync } from "node:fs";
import { createServer, connect, type Socket } from "node:net";

const [bindAddress, port, targetHost, targetPort, statusFile] = process.argv.slice(2) as [string, string, string, string, string];
const counts = { connections: 0, bytesToTarget: 0, bytesFromTarget: 0 };
const sockets = new Set<Socket>();
// Written aside and renamed over, so a reader never sees the file truncated mid-write.
const save = () => {
  writeFileSync(`${statusFile}.next`, JSON.stringify(counts));
  renameSync(`${statusFile}.next`, statusFile);
};
save();

const server = createServer((client) => {
  counts.connections++;
  save();
  const upstream = connect(Number(targetPort), targetHost);
  for (const socket of [client, upstream]) {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => {
      client.destroy();
      upstream.destroy();
    });
  }
  client.on("data", (data: Buffer) => {
    counts.bytesToTarget += data.length;
    save();
  });
  upstream.on("data", (data: Buffer) => {
    counts.bytesFromTarget += data.length;
    save();
  });
  client.pipe(upstream);
  upstream.pipe(client);
});
server.listen(Number(port), bindAddress, () => process.stdout.write(`${JSON.stringify({ ready: true })}\n`));
process.once("SIGTERM", () => {
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
});
