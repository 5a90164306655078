import { Duplex } from "node:stream";
import type { ClientChannel } from "ssh2";

export type ChannelOpener = (host: string, port: number) => Promise<ClientChannel>;

/**
 * A socket-like stream over an SSH channel, for drivers that take a `stream` (pg, mysql2,
 * vertica-nodejs) or an HTTP agent socket (ClickHouse). It opens the channel on `connect(port, host)`,
 * so the host name stays the database's own (TLS checks it) and is resolved on the bastion.
 */
export class ForwardedSocket extends Duplex {
  private channel: ClientChannel | undefined;
  private pending: Array<{ chunk: Buffer; done: (error?: Error | null) => void }> = [];
  private batch: Buffer[] = [];
  private batchCallbacks: Array<(error?: Error | null) => void> = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;
  connecting = false;
  remoteAddress: string | undefined;
  remotePort: number | undefined;

  /** `lostReason` names why the SSH connection died, if it did, so a closing channel reports it. */
  constructor(
    private readonly open: ChannelOpener,
    private readonly lostReason: () => Error | undefined = () => undefined,
  ) {
    super({ allowHalfOpen: false });
  }

  connect(port: number, host: string, listener?: () => void): this {
    if (listener) this.once("connect", listener);
    this.connecting = true;
    this.remoteAddress = host;
    this.remotePort = port;
    this.open(host, port).then(
      (channel) => this.attach(channel),
      (error: Error) => this.destroy(error),
    );
    return this;
  }

  private attach(channel: ClientChannel): void {
    if (this.destroyed) {
      channel.close();
      return;
    }
    this.channel = channel;
    this.connecting = false;
    channel.on("data", (data: Buffer) => {
      this.touch();
      if (!this.push(data)) channel.pause();
    });
    channel.on("end", () => this.push(null));
    // ssh2 closes every channel before it reports the connection's own close; wait a turn so a
    // lost connection fails the driver with TUNNEL_LOST instead of looking like a clean close.
    channel.on("close", () => setImmediate(() => this.destroy(this.lostReason())));
    channel.on("error", (error: Error) => this.destroy(error));
    for (const { chunk, done } of this.pending.splice(0)) this.writeToChannel(chunk, done);
    this.touch();
    this.emit("connect");
    this.emit("ready");
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.channel) this.writeToChannel(chunk, done);
    else this.pending.push({ chunk, done });
  }

  /**
   * Writes made in the same tick leave as one SSH packet. Drivers send a request as several small
   * writes (pg: Parse, Bind, Describe, Execute, Flush); as separate packets, sshd's socket to the
   * database (Nagle on) would hold all but the first until the database's delayed ACK, ~40 ms.
   */
  private writeToChannel(chunk: Buffer, done: (error?: Error | null) => void): void {
    this.touch();
    this.batch.push(chunk);
    this.batchCallbacks.push(done);
    if (this.batch.length === 1) process.nextTick(() => this.flushBatch());
  }

  private flushBatch(): void {
    const chunks = this.batch.splice(0);
    const callbacks = this.batchCallbacks.splice(0);
    if (!this.channel || this.destroyed) return;
    const finish = () => callbacks.forEach((callback) => callback());
    if (this.channel.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))) finish();
    else this.channel.once("drain", finish);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.channel?.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    for (const { done: rejected } of this.pending.splice(0)) rejected(error ?? new Error("socket destroyed"));
    this.channel?.close();
    // A TLS layer on top destroys this socket when verification fails; closing a turn later lets
    // its error reach the driver first (pg would otherwise report "Connection terminated").
    setImmediate(() => done(error));
  }

  // The net.Socket surface drivers call. Nagle is handled on the SSH socket itself.
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

  /** Emits 'timeout' after `ms` without traffic, as net.Socket does (HTTP clients rely on it). */
  setTimeout(ms: number, listener?: () => void): this {
    if (listener) this.once("timeout", listener);
    this.idleMs = ms;
    this.touch();
    return this;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs > 0 && !this.destroyed) this.idleTimer = setTimeout(() => this.emit("timeout"), this.idleMs);
  }
}
