import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startWanRelay, type WanRelay } from "../src/wan-relay.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback server; `greeting` is sent as soon as a client connects, then `onData` answers. */
async function startServer(onData: (socket: Socket, chunk: Buffer) => void, greeting?: string): Promise<number> {
  const server: Server = createServer((socket) => {
    if (greeting) socket.write(greeting);
    socket.on("data", (chunk: Buffer) => onData(socket, chunk));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

async function relayTo(port: number, delayMs: number): Promise<WanRelay> {
  const relay = await startWanRelay({ target: { host: "127.0.0.1", port }, delayMs });
  cleanups.push(() => relay.close());
  return relay;
}

async function connectTo(port: number): Promise<Socket> {
  const socket = connect({ port, host: "127.0.0.1" });
  await once(socket, "connect");
  cleanups.push(async () => void socket.destroy());
  return socket;
}

/** Reads until `bytes` bytes arrived. */
function read(socket: Socket, bytes: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let got = 0;
    const onData = (chunk: Buffer) => {
      parts.push(chunk);
      got += chunk.length;
      if (got < bytes) return;
      socket.off("data", onData);
      resolve(Buffer.concat(parts));
    };
    socket.on("data", onData);
  });
}

describe("WAN relay", () => {
  it("counts each request answered after the client spoke as one round trip", async () => {
    // Answers "ok" once per full 4-byte request, so requests split into chunks still get one answer.
    let pending = 0;
    const port = await startServer((socket, chunk) => {
      pending += chunk.length;
      while (pending >= 4) {
        pending -= 4;
        socket.write("ok");
      }
    });
    const relay = await relayTo(port, 0);
    const socket = await connectTo(relay.port);
    for (let i = 0; i < 7; i++) {
      const answer = read(socket, 2);
      // Two writes a turn: several client chunks before an answer are still one round trip.
      socket.write("re");
      await new Promise((resolve) => setImmediate(resolve));
      socket.write("q!");
      expect((await answer).toString()).toBe("ok");
    }
    expect(relay.roundTrips()).toBe(7);
  });

  it("counts the connect as a round trip when the server speaks first", async () => {
    const port = await startServer((socket, chunk) => socket.write(chunk), "hello");
    const relay = await relayTo(port, 0);
    const socket = await connectTo(relay.port);
    expect((await read(socket, 5)).toString()).toBe("hello");
    expect(relay.roundTrips()).toBe(1);
    for (let i = 0; i < 3; i++) {
      const echoed = read(socket, 3);
      socket.write(`x${i}!`);
      await echoed;
    }
    expect(relay.roundTrips()).toBe(4);
  });

  it("holds each chunk for the delay each way and keeps the byte order", async () => {
    const received: Buffer[] = [];
    const port = await startServer((socket, chunk) => {
      received.push(chunk);
      if (Buffer.concat(received).length === 256 * 40) socket.write(Buffer.concat(received));
    });
    const delayMs = 25;
    const relay = await relayTo(port, delayMs);
    const socket = await connectTo(relay.port);
    const sent = Buffer.alloc(256 * 40);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 7 + (i >> 8)) & 0xff;
    const started = performance.now();
    const back = read(socket, sent.length);
    // Many small writes, spread over several timer turns, so chunks queue behind each other.
    for (let offset = 0; offset < sent.length; offset += 256) {
      socket.write(sent.subarray(offset, offset + 256));
      if (offset % 2560 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const echoed = await back;
    const elapsed = performance.now() - started;
    expect(Buffer.concat(received).equals(sent)).toBe(true);
    expect(echoed.equals(sent)).toBe(true);
    // Connect (one round trip) is already done; the request and the answer each wait the delay.
    expect(elapsed).toBeGreaterThanOrEqual(2 * delayMs - 1);
    expect(relay.roundTrips()).toBe(1);
  });

  it("does not count a server message that crossed the client's bytes on the way", async () => {
    const delayMs = 30;
    // "A" on connect; "B" unprompted 45 ms later, while the client's "x" (sent on "A") is still on
    // the way (it reaches the server at ~60 ms); "y" answers "x".
    const server = createServer((socket) => {
      socket.write("A");
      setTimeout(() => socket.write("B"), 1.5 * delayMs);
      socket.on("data", (chunk: Buffer) => chunk.toString() === "x" && socket.write("y"));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const relay = await relayTo((server.address() as { port: number }).port, delayMs);
    const socket = await connectTo(relay.port);
    expect((await read(socket, 1)).toString()).toBe("A");
    const rest = read(socket, 2);
    socket.write("x");
    expect((await rest).toString()).toBe("By");
    // The connect (answered by "A") and "x" (answered by "y"): "B" answered nothing.
    expect(relay.roundTrips()).toBe(2);
  });

  it("waits one round trip for the connection before bytes reach the server", async () => {
    const port = await startServer(() => {}, "banner");
    const delayMs = 20;
    const relay = await relayTo(port, delayMs);
    const started = performance.now();
    const socket = await connectTo(relay.port);
    await read(socket, 6);
    // SYN, SYN-ACK and ACK one way each, then the greeting's one-way trip.
    expect(performance.now() - started).toBeGreaterThanOrEqual(4 * delayMs - 1);
  });
});
