// The main-thread side of the experiment: a Transport whose sockets are channels of an SSH
// connection held by a worker thread (ssh-worker.ts), bridged with transferred ArrayBuffers.
import { Duplex } from "node:stream";
import { Worker } from "node:worker_threads";
import { TunnelError, type ConnectableSocket, type Transport } from "@connections/tunnel";
import type { BenchSshTarget } from "./bench-ssh.ts";
import { CHANNEL_CREDIT, type FromWorker, type ToWorker } from "./bridge-messages.ts";

type Send = (message: ToWorker, transfer?: ArrayBuffer[]) => void;

/** A copy the worker can own: the driver may reuse its buffer, and pooled buffers share one ArrayBuffer. */
function ownedCopy(chunks: Buffer[]): ArrayBuffer {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out.buffer;
}

class WorkerSocket extends Duplex {
  connecting = false;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  private opened = false;
  /** Bytes handed to the worker that it has not written to its channel yet. */
  private outstanding = 0;
  private held: Array<{ chunks: Buffer[]; done: (error?: Error | null) => void }> = [];
  private waitingForCredit: Array<(error?: Error | null) => void> = [];
  /** Bytes received but not yet read by the driver; granted back on _read. */
  private owedCredit = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;

  constructor(
    readonly id: number,
    private readonly send: Send,
    private readonly forget: (id: number) => void,
  ) {
    super({ allowHalfOpen: false });
  }

  connect(port: number, host: string, listener?: () => void): this {
    if (listener) this.once("connect", listener);
    this.connecting = true;
    this.remoteAddress = host;
    this.remotePort = port;
    this.send({ t: "open", id: this.id, host, port });
    return this;
  }

  onMessage(message: FromWorker): void {
    this.touch();
    switch (message.t) {
      case "opened":
        this.opened = true;
        this.connecting = false;
        for (const { chunks, done } of this.held.splice(0)) this.forward(chunks, done);
        this.emit("connect");
        this.emit("ready");
        return;
      case "data":
        if (this.push(Buffer.from(message.buf))) this.send({ t: "credit", id: this.id, bytes: message.buf.byteLength });
        else this.owedCredit += message.buf.byteLength;
        return;
      case "written":
        this.outstanding -= message.bytes;
        if (this.outstanding < CHANNEL_CREDIT) for (const done of this.waitingForCredit.splice(0)) done();
        return;
      case "end":
        this.push(null);
        return;
      case "close":
        this.destroy();
        return;
      case "error":
        this.destroy(new Error(message.message));
        return;
    }
  }

  private forward(chunks: Buffer[], done: (error?: Error | null) => void): void {
    const buf = ownedCopy(chunks);
    this.outstanding += buf.byteLength;
    this.send({ t: "data", id: this.id, buf }, [buf]);
    if (this.outstanding < CHANNEL_CREDIT) done();
    else this.waitingForCredit.push(done);
  }

  override _read(): void {
    if (this.owedCredit === 0) return;
    this.send({ t: "credit", id: this.id, bytes: this.owedCredit });
    this.owedCredit = 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.touch();
    if (this.opened) this.forward([chunk], done);
    else this.held.push({ chunks: [chunk], done });
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void {
    this._write(Buffer.concat(chunks.map((c) => c.chunk)), "binary", done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.send({ t: "end", id: this.id });
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    const refused = error ?? new Error("socket destroyed");
    for (const { done: d } of this.held.splice(0)) d(refused);
    for (const d of this.waitingForCredit.splice(0)) d(refused);
    this.send({ t: "close", id: this.id });
    this.forget(this.id);
    done(error);
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  setTimeout(ms: number, listener?: () => void): this {
    if (listener && ms === 0) this.removeListener("timeout", listener);
    else if (listener) this.once("timeout", listener);
    this.idleMs = ms;
    this.touch();
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs > 0 && !this.destroyed) this.idleTimer = setTimeout(() => this.emit("timeout"), this.idleMs);
  }
}

export class WorkerTunnel {
  private readonly sockets = new Map<number, WorkerSocket>();
  private nextId = 1;
  private lost: TunnelError | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly hostKeyFingerprint: string,
    readonly negotiated: string,
  ) {
    worker.on("message", (message: FromWorker) => {
      if (message.t === "lost") return this.markLost(message.message);
      if (message.t !== "ready") this.sockets.get(message.id)?.onMessage(message);
    });
    worker.once("exit", () => this.markLost("the SSH worker exited"));
  }

  static open(target: BenchSshTarget): Promise<WorkerTunnel> {
    // Node 20 does not pass `--import tsx` on to workers, so the worker registers tsx itself.
    const script = new URL("./ssh-worker.ts", import.meta.url).href;
    const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: target });
    return new Promise((resolve, reject) => {
      worker.once("error", reject);
      worker.once("message", (message: FromWorker) => {
        if (message.t === "ready") resolve(new WorkerTunnel(worker, message.hostKeyFingerprint, message.negotiated));
        else reject(new Error(message.t === "lost" ? message.message : `unexpected ${message.t}`));
      });
    });
  }

  transport(): Transport {
    return { tunneled: true, createSocket: () => this.createSocket() };
  }

  private createSocket(): ConnectableSocket {
    const send: Send = (message, transfer = []) => this.worker.postMessage(message, transfer);
    const socket = new WorkerSocket(this.nextId++, send, (id) => this.sockets.delete(id));
    if (this.lost) queueMicrotask(() => socket.destroy(this.lost));
    else this.sockets.set(socket.id, socket);
    return socket;
  }

  private markLost(reason: string): void {
    if (this.lost) return;
    this.lost = new TunnelError("TUNNEL_LOST", `The SSH connection to the bastion was lost: ${reason}`, {
      detail: { noticed: "connection_end" },
    });
    for (const socket of this.sockets.values()) socket.destroy(this.lost);
  }

  async close(): Promise<void> {
    this.worker.postMessage({ t: "shutdown" } satisfies ToWorker);
    await this.worker.terminate();
  }
}
