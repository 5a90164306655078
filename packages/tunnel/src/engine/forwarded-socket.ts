import { Duplex } from "node:stream";
import type { Channel } from "ssh2";
import { sendEmptyPacket } from "./empty-packet.ts";

export type ChannelOpener = (host: string, port: number) => Promise<Channel>;

/**
 * A socket-like stream over an SSH channel, for drivers that take a `stream` (pg, mysql2,
 * vertica-nodejs) or an HTTP agent socket (ClickHouse). It opens the channel on `connect(port, host)`,
 * so the host name stays the database's own (TLS checks it) and is resolved on the bastion.
 */
export class ForwardedSocket extends Duplex {
  private channel: Channel | undefined;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private flushScheduled = false;
  /** Write callbacks held back: before the channel opens, or while it asks us to wait (drain). */
  private held: Array<(error?: Error | null) => void> = [];
  private draining = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;
  connecting = false;
  /** Bytes handed to the channel, as net.Socket counts them (TunnelConnection reads it for a hop's link). */
  bytesWritten = 0;
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

  private attach(channel: Channel): void {
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
    // Acknowledging the held writes makes the stream hand over the ones it buffered behind them,
    // so everything written while the channel opened leaves in one packet.
    this.release();
    this.flush();
    this.touch();
    this.emit("connect");
    this.emit("ready");
  }

  /** Writes are batched, waiting for this turn's check phase: the packet they make will carry the ACK. */
  get sending(): boolean {
    return this.batch.length > 0;
  }

  /** Sends an empty packet on this channel (see TunnelConnection); false if it has none open. */
  acknowledge(): boolean {
    if (!this.channel || this.destroyed) return false;
    sendEmptyPacket(this.channel);
    return true;
  }

  override _read(): void {
    this.channel?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.enqueue([chunk], done);
  }

  /** Writes the stream buffered (corked, or while a write was pending) arrive here together. */
  override _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void {
    this.enqueue(
      chunks.map((c) => c.chunk),
      done,
    );
  }

  /**
   * Everything written before the event loop's next check phase leaves as one SSH packet. Drivers
   * send one request as several writes (pg: Parse, Bind, Describe, Execute, Sync; HTTP: headers,
   * chunk, terminator), often across ticks; as separate packets, sshd's socket to the database
   * (Nagle on) holds all but the first until the database's delayed ACK, ~40 ms. The write is
   * acknowledged at once, so the stream hands over the next writes instead of waiting for this
   * packet, unless the channel is full or the batch has reached the stream's high-water mark: then
   * `write()` returns false as a net.Socket's does, and a writer that honours it cannot grow the
   * batch without bound in one turn (a peer that stops reading would otherwise never push back).
   */
  private enqueue(chunks: Buffer[], done: (error?: Error | null) => void): void {
    this.touch();
    this.batch.push(...chunks);
    for (const chunk of chunks) this.batchBytes += chunk.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (this.channel && !this.draining && this.batchBytes < this.writableHighWaterMark) done();
    else this.held.push(done);
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.channel || this.destroyed || this.batch.length === 0) return;
    const chunks = this.batch.splice(0);
    this.bytesWritten += this.batchBytes;
    this.batchBytes = 0;
    if (this.channel.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))) {
      this.release();
    } else if (!this.draining) {
      this.draining = true;
      this.channel.once("drain", () => {
        this.draining = false;
        this.release();
      });
    }
  }

  private release(): void {
    for (const done of this.held.splice(0)) done();
  }

  override _final(done: (error?: Error | null) => void): void {
    // Writes are acknowledged before they leave, so send what is batched before the EOF.
    this.flush();
    this.channel?.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    for (const rejected of this.held.splice(0)) rejected(error ?? new Error("socket destroyed"));
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

  /**
   * Emits 'timeout' after `ms` without traffic, as net.Socket does (HTTP clients rely on it);
   * like net.Socket, `setTimeout(0, listener)` removes the listener, so a keep-alive socket that is
   * reused for many requests does not pile them up.
   */
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
