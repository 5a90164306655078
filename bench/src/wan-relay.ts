// A TCP relay on 127.0.0.1 standing in for a slow link between an SSH client and the bastion.
// It counts round trips as direction changes of the byte flow, which is exact and needs no clock,
// and can hold every chunk a fixed time each way (this kernel has no tc netem).
import { createServer, Socket, type Server } from "node:net";

export interface WanRelay {
  /** The port SSH clients connect to instead of the bastion's. */
  port: number;
  /** Round trips so far over every connection: each switch from client->server to server->client bytes. */
  roundTrips(): number;
  close(): Promise<void>;
}

export interface WanRelayOptions {
  target: { host: string; port: number };
  /** Milliseconds each chunk is held in each direction; a new connection reaches the target after three. */
  delayMs: number;
}

/**
 * Holds chunks for `delayMs` and writes them in arrival order. With no delay it writes at once,
 * so the relay adds nothing but the counting.
 */
class DelayLine {
  private readonly queue: Array<{ due: number; chunk: Buffer }> = [];
  private timer: NodeJS.Timeout | undefined;
  private endAfterQueue = false;

  constructor(
    private readonly to: Socket,
    private readonly delayMs: number,
    /** Nothing is written until release(): the outgoing socket is not connected yet. */
    private held: boolean,
    private readonly onDeliver: () => void,
  ) {}

  release(): void {
    this.held = false;
    if (this.queue.length > 0) this.arm();
    else if (this.endAfterQueue && !this.to.destroyed) this.to.end();
  }

  push(chunk: Buffer): void {
    if (this.delayMs === 0 && this.queue.length === 0 && !this.held) {
      this.deliver(chunk);
      return;
    }
    this.queue.push({ due: performance.now() + this.delayMs, chunk });
    this.arm();
  }

  /** Ends the outgoing side once every held chunk is written. */
  end(): void {
    this.endAfterQueue = true;
    if (this.queue.length === 0 && !this.held && !this.to.destroyed) this.to.end();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private deliver(chunk: Buffer): void {
    if (this.to.destroyed) return;
    this.to.write(chunk);
    this.onDeliver();
  }

  private arm(): void {
    if (this.timer || this.held || this.queue.length === 0) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0]!.due - performance.now()));
  }

  private flush(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.due <= now + 0.5) {
      this.deliver(this.queue.shift()!.chunk);
    }
    if (this.queue.length > 0) this.arm();
    else if (this.endAfterQueue && !this.to.destroyed) this.to.end();
  }
}

export async function startWanRelay({ target, delayMs }: WanRelayOptions): Promise<WanRelay> {
  let roundTrips = 0;
  const open = new Set<Socket>();

  const relay = (client: Socket) => {
    open.add(client);
    client.setNoDelay(true);
    // Opening the connection is the client's move: the first bytes back close one round trip (the TCP handshake).
    let lastSender: "client" | "server" = "client";
    // The TCP handshake as the link would see it: SYN, SYN-ACK and ACK one way each before the
    // bastion accepts; the client's early bytes wait for that (its own socket is local and quick).
    const server = new Socket({ allowHalfOpen: true });
    open.add(server);
    // A switch is counted against what the server has been given, not what is still on the way:
    // a server message sent before the client's bytes arrived answers nothing of them.
    const toServer = new DelayLine(server, delayMs, true, () => (lastSender = "client"));
    const toClient = new DelayLine(client, delayMs, false, () => {});
    server.once("connect", () => {
      // Nagle on this side would hold a chunk behind an unacknowledged one: a stall the link has not.
      server.setNoDelay(true);
      toServer.release();
    });
    const opening = setTimeout(() => server.connect({ host: target.host, port: target.port }), 3 * delayMs);
    server.once("close", () => clearTimeout(opening));
    client.on("data", (chunk: Buffer) => toServer.push(chunk));
    server.on("data", (chunk: Buffer) => {
      if (lastSender === "client") roundTrips++;
      lastSender = "server";
      toClient.push(chunk);
    });
    client.on("end", () => toServer.end());
    server.on("end", () => toClient.end());
    // A closed side ends the other once what is held for it is written; an error ends both at once.
    client.on("close", () => {
      open.delete(client);
      toServer.end();
    });
    server.on("close", () => {
      open.delete(server);
      toClient.end();
    });
    const teardown = () => {
      toServer.stop();
      toClient.stop();
      client.destroy();
      server.destroy();
    };
    client.on("error", teardown);
    server.on("error", teardown);
  };

  const listener: Server = createServer({ allowHalfOpen: true }, relay);
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(0, "127.0.0.1", () => resolve());
  });
  const address = listener.address();
  if (address === null || typeof address === "string") throw new Error("the WAN relay has no TCP address");
  return {
    port: address.port,
    roundTrips: () => roundTrips,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => listener.close(resolve));
    },
  };
}
