import { isIP } from "node:net";
import type { Channel } from "ssh2";
import { BASTION_SERVER, inetAtonAddress, type HostKeysSeen, type SshServerRef } from "@connections/core";
import { checkTarget } from "../policy/check-target.ts";
import type { TargetPolicy } from "../policy/target-policy.ts";
import type { SshSession } from "./connect-ssh.ts";
import { ForwardedSocket } from "./forwarded-socket.ts";
import { sendKeepaliveRequest } from "./keepalive-request.ts";
import { TunnelError } from "./tunnel-error.ts";

export interface TunnelConnectionOptions {
  /** Concurrent channels on one SSH connection; more wait (ssh2 buffers without bound otherwise). */
  maxChannels: number;
  /** Close the SSH connection after this long with no channel open; never when undefined (an agent's, which dialled in). */
  idleMs: number | undefined;
  /** `loss` is why it went; undefined when it was closed on purpose (idle, or the process ending). */
  onGone: (connection: TunnelConnection, loss: TunnelError | undefined) => void;
  /** How often the keepalive round trip is measured (for the Tunnels page); never when undefined. */
  probeIntervalMs?: number | undefined;
  /**
   * Checked on database addresses given literally (the bastion resolves names itself). None for an
   * agent: it connects inside its own network, to the target its own command names.
   */
  policy: TargetPolicy | undefined;
  /** The hop this connection runs through (its socket is a channel of that one), for a chain. */
  via?: TunnelConnection | undefined;
}

/**
 * One SSH connection shared by many channels. When it dies, every open channel fails at once
 * with TUNNEL_LOST (ssh2 would end them with a silent EOF that drivers report as a clean close).
 */
export class TunnelConnection {
  readonly hostKeyFingerprint: string;
  readonly server: SshServerRef;
  /** When the SSH connection was made. */
  readonly since = new Date();
  private readonly sockets = new Set<ForwardedSocket>();
  private readonly waiting: Array<{ grant: () => void; refuse: (error: Error) => void }> = [];
  private slots = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastHeardAt = Date.now();
  private answerTimer: NodeJS.Timeout | undefined;
  private acknowledgePending = false;
  private ownLoss: TunnelError | undefined;
  private closedOnPurpose = false;
  private roundTrip: number | undefined;
  /** When an unqueued keepalive (a server's peer) was sent; its answer is the next packet. */
  private unqueuedPingAt: number | undefined;
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly session: SshSession,
    private readonly options: TunnelConnectionOptions,
  ) {
    this.hostKeyFingerprint = session.hostKeyFingerprint;
    this.server = session.server ?? BASTION_SERVER;
    const onEnd = (cause?: Error) => this.markLost(cause);
    // The socket ends before ssh2 reports anything; marking the loss here means channels that
    // ssh2 closes next already fail with TUNNEL_LOST.
    session.socket.once("end", () => onEnd());
    session.socket.once("close", () => onEnd());
    session.client.on("close", () => onEnd());
    session.client.on("error", (error: Error) => onEnd(error));
    session.socket.on("data", () => {
      this.lastHeardAt = Date.now();
      if (this.unqueuedPingAt !== undefined) this.roundTrip = this.lastHeardAt - this.unqueuedPingAt;
      this.unqueuedPingAt = undefined;
      this.acknowledgeIfSilent();
    });
    this.armIdleTimer();
    if (options.probeIntervalMs !== undefined) {
      this.ping();
      this.probeTimer = setInterval(() => this.ping(), options.probeIntervalMs);
      this.probeTimer.unref();
    }
  }

  /** The last keepalive's round trip in milliseconds; null before one was answered. */
  get roundTripMs(): number | null {
    return this.roundTrip ?? null;
  }

  get channelLimit(): number {
    return this.options.maxChannels;
  }

  /** Why this connection, or a hop it runs through, is gone; undefined while it stands. */
  get lost(): TunnelError | undefined {
    return this.ownLoss ?? this.options.via?.lost;
  }

  /** The host keys seen on the way here: this server's, and each hop's before it. */
  hostKeysSeen(): HostKeysSeen {
    const before: string[] = [];
    for (let hop = this.options.via; hop; hop = hop.options.via) before.unshift(hop.hostKeyFingerprint);
    return before.length > 0
      ? { host_key_fingerprint: this.hostKeyFingerprint, jump_host_key_fingerprints: before }
      : { host_key_fingerprint: this.hostKeyFingerprint };
  }

  get channelCount(): number {
    return this.sockets.size;
  }

  /** A socket whose `connect(port, host)` opens a channel from the bastion to host:port. */
  createSocket(forwardTimeoutMs: number): ForwardedSocket {
    const socket = new ForwardedSocket(
      (host, port) => this.openChannel(host, port, forwardTimeoutMs),
      () => this.lost,
    );
    this.sockets.add(socket);
    clearTimeout(this.idleTimer);
    socket.once("close", () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) this.armIdleTimer();
    });
    return socket;
  }

  private async openChannel(host: string, port: number, timeoutMs: number): Promise<Channel> {
    if (this.lost) throw this.lost;
    // The bastion resolves names itself; an address given literally (in any form the bastion's
    // resolver reads as one, such as 2852039166) is checked here.
    const literal = isIP(host) ? host : inetAtonAddress(host);
    if (literal && this.options.policy) checkTarget(this.options.policy, host, literal, { stage: "forward", field: "host" });
    await this.takeSlot(timeoutMs);
    try {
      const channel = await this.session.openChannel(host, port, timeoutMs);
      channel.once("close", () => this.releaseSlot());
      return channel;
    } catch (error) {
      this.releaseSlot();
      throw this.lost ?? error;
    }
  }

  private takeSlot(timeoutMs: number): Promise<void> {
    if (this.slots < this.options.maxChannels) {
      this.slots++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(new TunnelError("TUNNEL_BUSY", `All ${this.options.maxChannels} channels of this tunnel stayed busy for ${timeoutMs} ms`));
      }, timeoutMs);
      const entry = {
        grant: () => {
          clearTimeout(timer);
          this.slots++;
          resolve();
        },
        refuse: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiting.push(entry);
    });
  }

  /**
   * sshd leaves Nagle on for forwarded channels: after a small packet to us (part of an answer,
   * a channel confirmation, a window adjust) it holds the next one until we ACK, and our kernel
   * delays that ACK ~40 ms when we have nothing to send. So when packets arrive and nothing of
   * ours leaves or waits to leave by the next check phase, an empty packet carries the ACK at once,
   * so answers, new sessions and requests behind sshd's window adjust never wait for that timer.
   */
  private acknowledgeIfSilent(): void {
    if (this.acknowledgePending) return;
    this.acknowledgePending = true;
    const written = this.session.socket.bytesWritten;
    setImmediate(() => {
      this.acknowledgePending = false;
      if (this.session.socket.bytesWritten !== written || this.lost) return;
      // A driver that answered in this turn has its batch still to flush (scheduled after us).
      for (const socket of this.sockets) if (socket.sending) return;
      for (const socket of this.sockets) if (socket.acknowledge()) return;
    });
  }

  /**
   * For a channel reused after a quiet spell (a pooled database session): when the bastion has
   * sent nothing for `quietMs`, asks it for an answer, and declares the connection lost when none
   * comes within `timeoutMs`. A link that died silently then fails the reused channel within the
   * forward timeout, as a new channel would, rather than at the query's own timeout or after the
   * periodic keepalives. The query does not wait for the answer.
   */
  expectAnswer(quietMs: number, timeoutMs: number): void {
    if (this.lost || this.answerTimer || Date.now() - this.lastHeardAt < quietMs) return;
    const askedAt = Date.now();
    if (!this.ping()) return;
    this.answerTimer = setTimeout(() => {
      this.answerTimer = undefined;
      if (this.lastHeardAt < askedAt) this.markLost(new Error(`the bastion did not answer a keepalive within ${timeoutMs} ms`));
    }, timeoutMs);
    this.answerTimer.unref();
  }

  /** Sends a keepalive that must be answered, and times its answer; false when none could be sent. */
  private ping(): boolean {
    if (this.lost) return false;
    const sentAt = Date.now();
    const sent = sendKeepaliveRequest(this.session.client, () => (this.roundTrip = Date.now() - sentAt));
    if (sent === "sent") this.unqueuedPingAt ??= sentAt;
    return sent !== false;
  }

  private releaseSlot(): void {
    this.slots--;
    this.waiting.shift()?.grant();
  }

  private markLost(cause?: Error): void {
    if (this.ownLoss) return;
    clearTimeout(this.idleTimer);
    clearTimeout(this.answerTimer);
    clearInterval(this.probeTimer);
    // When a hop before this one went, that loss is the news: it names the hop to look at.
    const upstream = this.options.via?.lost ?? (TunnelError.is(cause) && cause.code === "TUNNEL_LOST" ? cause : undefined);
    const { label, hop } = this.server;
    const lost =
      upstream ??
      new TunnelError(
        "TUNNEL_LOST",
        `The SSH connection to ${label}${hop ? ` (${hop.host})` : ""} was lost${cause ? `: ${cause.message}` : ""}`,
        {
          cause,
          server: this.server,
          detail: { noticed: "connection_end" },
        },
      );
    this.ownLoss = lost;
    for (const waiter of this.waiting.splice(0)) waiter.refuse(lost);
    for (const socket of this.sockets) socket.destroy(lost);
    this.options.onGone(this, this.closedOnPurpose ? undefined : lost);
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.options.idleMs === undefined) return;
    this.idleTimer = setTimeout(() => this.close(), this.options.idleMs);
    this.idleTimer.unref();
  }

  /** Ends the SSH connection; open channels fail with TUNNEL_LOST. */
  close(): void {
    if (!this.ownLoss) this.closedOnPurpose = true;
    this.session.client.end();
    this.markLost();
  }
}
