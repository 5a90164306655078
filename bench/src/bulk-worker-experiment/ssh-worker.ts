// The worker thread that owns the TCP socket and the ssh2 connection: decryption and SSH framing
// run here, on the second core, while the drivers parse rows on the main thread.
import { parentPort, workerData } from "node:worker_threads";
import type { ClientChannel } from "ssh2";
import { openBenchSsh } from "./bench-ssh.ts";
import { CHANNEL_CREDIT, type FromWorker, type ToWorker, type WorkerInput } from "./bridge-messages.ts";

interface Bridged {
  channel: ClientChannel | undefined;
  /** Channel data received this turn, sent as one message at the check phase. */
  pending: Buffer[];
  pendingBytes: number;
  /** Bytes sent to the main thread that it has not consumed yet. */
  unacked: number;
  paused: boolean;
  /** Writes the main thread made before the channel opened. */
  early: Buffer[];
  endAfterOpen: boolean;
}

const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const channels = new Map<number, Bridged>();
let flushScheduled = false;

const ssh = await openBenchSsh(workerData as WorkerInput).catch((error: Error) => {
  post({ t: "lost", message: error.message });
  process.exit(0);
});
const lost = (message: string) => {
  post({ t: "lost", message });
  process.exit(0);
};
ssh.socket.once("close", () => lost("the SSH socket closed"));
ssh.client.on("error", (error: Error) => lost(error.message));
// ssh2 parses each socket read synchronously in its own 'data' listener, registered before this
// one: what that read decrypted leaves as one message right away, without waiting for the loop.
ssh.socket.on("data", () => flush());
post({ t: "ready", hostKeyFingerprint: ssh.hostKeyFingerprint, negotiated: ssh.negotiated });

function flush(): void {
  flushScheduled = false;
  for (const [id, bridged] of channels) {
    if (bridged.pendingBytes === 0) continue;
    const joined = new Uint8Array(bridged.pendingBytes);
    let at = 0;
    for (const chunk of bridged.pending) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    bridged.pending = [];
    bridged.unacked += bridged.pendingBytes;
    bridged.pendingBytes = 0;
    post({ t: "data", id, buf: joined.buffer }, [joined.buffer]);
    if (bridged.unacked >= CHANNEL_CREDIT && !bridged.paused) {
      bridged.paused = true;
      bridged.channel?.pause();
    }
  }
}

function write(id: number, bridged: Bridged, chunk: Buffer): void {
  if (bridged.channel!.write(chunk)) post({ t: "written", id, bytes: chunk.length });
  else bridged.channel!.once("drain", () => post({ t: "written", id, bytes: chunk.length }));
}

function open(id: number, host: string, portNumber: number): void {
  const bridged: Bridged = { channel: undefined, pending: [], pendingBytes: 0, unacked: 0, paused: false, early: [], endAfterOpen: false };
  channels.set(id, bridged);
  ssh.client.forwardOut("127.0.0.1", 0, host, portNumber, (error, channel) => {
    if (error) {
      channels.delete(id);
      post({ t: "error", id, message: error.message });
      return;
    }
    if (!channels.has(id)) {
      channel.close();
      return;
    }
    bridged.channel = channel;
    channel.on("data", (data: Buffer) => {
      bridged.pending.push(data);
      bridged.pendingBytes += data.length;
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    });
    channel.on("end", () => {
      flush();
      post({ t: "end", id });
    });
    channel.on("close", () => {
      flush();
      channels.delete(id);
      post({ t: "close", id });
    });
    channel.on("error", (e: Error) => post({ t: "error", id, message: e.message }));
    post({ t: "opened", id });
    for (const chunk of bridged.early.splice(0)) write(id, bridged, chunk);
    if (bridged.endAfterOpen) channel.end();
  });
}

port.on("message", (message: ToWorker) => {
  if (message.t === "shutdown") {
    ssh.client.end();
    return;
  }
  if (message.t === "open") return open(message.id, message.host, message.port);
  const bridged = channels.get(message.id);
  if (!bridged) return;
  switch (message.t) {
    case "data": {
      const chunk = Buffer.from(message.buf);
      if (bridged.channel) write(message.id, bridged, chunk);
      else bridged.early.push(chunk);
      return;
    }
    case "credit":
      bridged.unacked -= message.bytes;
      if (bridged.paused && bridged.unacked < CHANNEL_CREDIT) {
        bridged.paused = false;
        bridged.channel?.resume();
      }
      return;
    case "end":
      if (bridged.channel) bridged.channel.end();
      else bridged.endAfterOpen = true;
      return;
    case "close":
      channels.delete(message.id);
      bridged.channel?.close();
      return;
  }
});
