import { EventEmitter } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ssh2, { type ClientChannel } from "ssh2";
import { scratchDir, sshKeygen, startSshd, type SshdServer } from "@connections/testkit";
import { ForwardedSocket, TargetPolicy, TunnelConnection } from "../src/index.ts";
import { canSendEmptyPacket } from "../src/engine/empty-packet.ts";
import { sendKeepaliveRequest } from "../src/engine/keepalive-request.ts";

/** A stand-in for an ssh2 channel that records what the socket sends through it. */
class RecordingChannel extends EventEmitter {
  writes: Buffer[] = [];
  windowAdjusts: Array<[number, number]> = [];
  outgoing = { id: 7 };
  _client = { _protocol: { channelWindowAdjust: (id: number, bytes: number) => this.windowAdjusts.push([id, bytes]) } };
  write(data: Buffer): boolean {
    this.writes.push(Buffer.from(data));
    return true;
  }
  pause() {}
  resume() {}
  close() {}
  end() {}
}

const nextCheckPhase = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

async function connected(): Promise<{ socket: ForwardedSocket; channel: RecordingChannel }> {
  const channel = new RecordingChannel();
  const socket = new ForwardedSocket(async () => channel as unknown as ClientChannel);
  await new Promise<void>((resolve) => socket.connect(5432, "db.internal", resolve));
  return { socket, channel };
}

describe("ForwardedSocket write coalescing", () => {
  it("sends a request written in pieces across ticks (HTTP: headers, chunk, terminator) as one packet", async () => {
    const { socket, channel } = await connected();
    socket.cork();
    socket.write("POST / HTTP/1.1\r\n\r\n");
    socket.write("1c\r\n");
    process.nextTick(() => socket.uncork());
    await Promise.resolve();
    socket.write("select 1");
    queueMicrotask(() => socket.write("0\r\n\r\n"));
    await nextCheckPhase();
    expect(channel.writes.map(String)).toEqual(["POST / HTTP/1.1\r\n\r\n1c\r\nselect 10\r\n\r\n"]);
  });

  it("holds writes made before the channel opens and sends them once it does", async () => {
    const channel = new RecordingChannel();
    let open!: (c: ClientChannel) => void;
    const socket = new ForwardedSocket(() => new Promise((resolve) => (open = resolve)));
    socket.connect(5432, "db.internal");
    socket.write("startup");
    socket.write("-packet");
    await nextCheckPhase();
    expect(channel.writes).toHaveLength(0);
    open(channel as unknown as ClientChannel);
    await nextCheckPhase();
    expect(channel.writes.map(String)).toEqual(["startup-packet"]);
  });

  it("pushes back once a turn's batch reaches the high-water mark, and drains when it has left", async () => {
    const { socket, channel } = await connected();
    const chunk = Buffer.alloc(socket.writableHighWaterMark);
    let written = 0;
    // A writer that honours write() in one synchronous loop, as a peer that stops reading needs it to.
    while (written < 64 * chunk.length) {
      written += chunk.length;
      if (!socket.write(chunk)) break;
    }
    expect(written).toBe(chunk.length);
    await new Promise((resolve) => socket.once("drain", resolve));
    expect(Buffer.concat(channel.writes).length).toBe(chunk.length);
  });

  it("sends what is batched before the end of the stream", async () => {
    const { socket, channel } = await connected();
    const ended: string[] = [];
    channel.end = () => void ended.push(channel.writes.map(String).join(""));
    socket.end("terminate");
    await nextCheckPhase();
    expect(ended).toEqual(["terminate"]);
  });
});

describe("TunnelConnection prompt acknowledgement", () => {
  /** A tunnel over a stand-in SSH session: `arrive` is a packet from sshd, `written` what we sent back. */
  async function tunnelWithChannel() {
    const sshSocket = Object.assign(new EventEmitter(), { bytesWritten: 0 });
    const client = Object.assign(new EventEmitter(), { end: () => {} });
    const channel = new RecordingChannel();
    const openChannel = () => Promise.resolve(channel as unknown as ClientChannel);
    const tunnel = new TunnelConnection(
      { client, socket: sshSocket, hostKeyFingerprint: "SHA256:test", openChannel } as unknown as ConstructorParameters<
        typeof TunnelConnection
      >[0],
      { maxChannels: 4, idleMs: 60_000, onGone: () => {}, policy: new TargetPolicy() },
    );
    const socket = tunnel.createSocket(1_000);
    // close() below fails the socket with TUNNEL_LOST, as it should.
    socket.on("error", () => {});
    await new Promise<void>((resolve) => socket.connect(5432, "db.internal", resolve));
    const arrive = () => sshSocket.emit("data", Buffer.alloc(64));
    return { tunnel, socket, channel, sshSocket, arrive };
  }

  it("sends an empty packet when packets arrive and nothing of ours leaves by the check phase", async () => {
    const { tunnel, channel, arrive } = await tunnelWithChannel();
    arrive();
    await nextCheckPhase();
    expect(channel.windowAdjusts).toEqual([[7, 0]]);
    tunnel.close();
  });

  it("sends none when something of ours left meanwhile (it carried the ACK)", async () => {
    const { tunnel, channel, sshSocket, arrive } = await tunnelWithChannel();
    arrive();
    sshSocket.bytesWritten += 100;
    await nextCheckPhase();
    expect(channel.windowAdjusts).toEqual([]);
    tunnel.close();
  });

  it("sends none when a driver answers in the same turn, its batch still waiting for the check phase", async () => {
    const { tunnel, socket, channel, arrive } = await tunnelWithChannel();
    arrive();
    await Promise.resolve();
    socket.write("next query");
    await nextCheckPhase();
    expect(channel.windowAdjusts).toEqual([]);
    expect(channel.writes.map(String)).toEqual(["next query"]);
    tunnel.close();
  });

  it("sends one per turn however many packets arrive in it", async () => {
    const { tunnel, channel, arrive } = await tunnelWithChannel();
    for (let i = 0; i < 5; i++) arrive();
    await nextCheckPhase();
    expect(channel.windowAdjusts).toEqual([[7, 0]]);
    tunnel.close();
  });
});

describe("ssh2 internals the tunnel relies on", () => {
  let sshd: SshdServer;
  const key = sshKeygen(scratchDir("empty-packet"), "client");
  beforeAll(async () => {
    sshd = await startSshd({ authorizedKeys: [key.publicKey] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it("are present on a real forwarded channel", async () => {
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.once("ready", resolve).once("error", reject);
      client.connect({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey: key.privateKey });
    });
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        client.forwardOut("127.0.0.1", 0, sshd.host, sshd.port, (error, opened) => (error ? reject(error) : resolve(opened))),
      );
      expect(canSendEmptyPacket(channel)).toBe(true);
      channel.close();
    } finally {
      client.end();
    }
  });

  it("a keepalive request sent at once gets the bastion's answer", async () => {
    const socket = connect(sshd.port, sshd.host);
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.once("ready", resolve).once("error", reject);
      client.connect({ sock: socket, username: sshd.user, privateKey: key.privateKey });
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const before = socket.bytesRead;
      expect(sendKeepaliveRequest(client)).toBe("queued");
      await new Promise<void>((resolve) => socket.once("data", () => resolve()));
      expect(socket.bytesRead).toBeGreaterThan(before);
    } finally {
      client.end();
    }
  });
});
