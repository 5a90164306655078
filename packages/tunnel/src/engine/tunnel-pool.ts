import { createHash } from "node:crypto";
import { connectSsh, type SshEndpoint, type SshRoute } from "./connect-ssh.ts";
import { DEFAULT_KEEPALIVE, type Keepalive, type StageTimeouts } from "./timeouts.ts";
import { TunnelConnection } from "./tunnel-connection.ts";
import { TunnelError, type HostKeyMismatch } from "./tunnel-error.ts";
import type { TunnelHealth, TunnelHop, TunnelState } from "./tunnel-health.ts";
import { capitalised } from "@connections/core";
import type { TargetPolicy } from "../policy/target-policy.ts";

interface Entry {
  id: string;
  route: TunnelHop[];
  state: TunnelState;
  since: Date;
  /** Connections made, the first included. */
  connects: number;
  lastError?: { code: string; message: string; at: Date };
  hostKeyMismatch?: HostKeyMismatch;
  users: Set<string>;
  /** When a call last came through it (ms since the epoch). */
  usedAt: number;
  connection?: TunnelConnection;
  connecting?: Promise<TunnelConnection>;
  failures: number;
  retryAt: number;
  /** Why the last connect failed, and the host key pin it was made with; repeated until retryAt. */
  lastFailure?: { error: unknown; pin: string | undefined };
}

export interface TunnelPoolOptions {
  maxChannelsPerConnection: number;
  idleMs: number;
  keepalive: Keepalive;
  /** Which addresses bastions and databases may have. */
  policy: TargetPolicy;
}

const DEFAULT_POOL_OPTIONS: Omit<TunnelPoolOptions, "policy"> = {
  maxChannelsPerConnection: 64,
  idleMs: 5 * 60_000,
  keepalive: DEFAULT_KEEPALIVE,
};

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 10_000;
/** How long a lost or failed connection stays listed without another call through it. */
const KEEP_GONE_MS = 60 * 60_000;

/**
 * One SSH connection per (bastion, port, user, client key), shared by every call through it. On a
 * route through jump hosts each hop is such a connection, keyed by the hops before it too, so
 * chains that start alike share their first hops, and a lost hop is rebuilt with what came after
 * it while the hops before it stay. Connecting is single-flight. After a failure, calls with the same host key pin get the same error
 * at once until a jittered, growing delay has passed: the bastion is not hammered, and no caller
 * waits out the delay only to hear what the last one heard. A new pin (a changed key accepted on
 * purpose) connects at once.
 *
 * Each entry keeps its health for the Tunnels page: a lost or failed connection stays listed, with
 * why, until a call connects it again or an hour passes; one closed for being idle leaves the list.
 */
export class TunnelPool {
  private readonly entries = new Map<string, Entry>();
  private readonly options: TunnelPoolOptions;

  constructor(options: Partial<TunnelPoolOptions> & Pick<TunnelPoolOptions, "policy">) {
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  /**
   * The last hop's connection (the bastion's), every hop on the way connected or reused. `user`
   * names the caller on the Tunnels page; a user that takes another route leaves the old one's list.
   */
  async acquire(route: SshRoute, timeouts: StageTimeouts, user?: string): Promise<TunnelConnection> {
    let key = "";
    const hops: TunnelHop[] = [];
    const entries = route.map((endpoint) => {
      key += `${[endpoint.host, endpoint.port, endpoint.user, endpoint.key.fingerprint].join("\n")}\n\n`;
      hops.push({ host: endpoint.host, port: endpoint.port, user: endpoint.user });
      const entry = this.entryOf(key, hops);
      entry.usedAt = Date.now();
      return entry;
    });
    if (user !== undefined) this.use(user, entries);
    let via: TunnelConnection | undefined;
    for (const [i, endpoint] of route.entries()) via = await this.acquireHop(entries[i]!, endpoint, timeouts, via);
    return via!;
  }

  private entryOf(key: string, route: TunnelHop[]): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      const id = createHash("sha256").update(key).digest("hex").slice(0, 20);
      entry = {
        id,
        route: [...route],
        state: "connecting",
        since: new Date(),
        connects: 0,
        users: new Set(),
        usedAt: 0,
        failures: 0,
        retryAt: 0,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Lists `user` on the entries of the route it took, and on no other. */
  private use(user: string, route: Entry[]): void {
    for (const entry of this.entries.values()) {
      if (route.includes(entry)) entry.users.add(user);
      else entry.users.delete(user);
    }
  }

  private async acquireHop(
    entry: Entry,
    endpoint: SshEndpoint,
    timeouts: StageTimeouts,
    via: TunnelConnection | undefined,
  ): Promise<TunnelConnection> {
    const live = entry.connection && !entry.connection.lost ? entry.connection : undefined;
    const failure = entry.lastFailure;
    if (!live && !entry.connecting && failure && failure.pin === endpoint.pinnedHostKey && Date.now() < entry.retryAt) throw failure.error;
    const connection = live ?? (await (entry.connecting ??= this.connect(entry, endpoint, timeouts, via)));
    if (endpoint.pinnedHostKey && connection.hostKeyFingerprint !== endpoint.pinnedHostKey) {
      const { server } = connection;
      const hostKeys = { pinned: endpoint.pinnedHostKey, presented: connection.hostKeyFingerprint };
      const error = new TunnelError(
        "HOST_KEY_MISMATCH",
        `${capitalised(server.label)}'s host key ${connection.hostKeyFingerprint} is not the pinned ${endpoint.pinnedHostKey}`,
        { server, detail: { pooled: true }, hostKeys },
      );
      entry.hostKeyMismatch = hostKeys;
      entry.lastError = { code: error.code, message: error.message, at: new Date() };
      throw error;
    }
    entry.hostKeyMismatch = undefined;
    return connection;
  }

  private async connect(
    entry: Entry,
    endpoint: SshEndpoint,
    timeouts: StageTimeouts,
    via: TunnelConnection | undefined,
  ): Promise<TunnelConnection> {
    if (entry.state !== "connected") this.enter(entry, "connecting");
    try {
      const session = await connectSsh(endpoint, timeouts, { policy: this.options.policy, keepalive: this.options.keepalive, via });
      entry.failures = 0;
      entry.lastFailure = undefined;
      entry.hostKeyMismatch = undefined;
      entry.connects++;
      entry.connection = new TunnelConnection(session, {
        maxChannels: this.options.maxChannelsPerConnection,
        idleMs: this.options.idleMs,
        policy: this.options.policy,
        via,
        probeIntervalMs: this.options.keepalive.intervalMs,
        onGone: (gone, loss) => {
          if (entry.connection !== gone) return;
          entry.connection = undefined;
          if (!loss) {
            this.forget(entry);
            return;
          }
          entry.lastError = { code: loss.code, message: loss.message, at: new Date() };
          this.enter(entry, "lost");
        },
      });
      this.enter(entry, "connected");
      return entry.connection;
    } catch (error) {
      entry.failures++;
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (entry.failures - 1));
      entry.retryAt = Date.now() + backoff / 2 + Math.random() * (backoff / 2);
      entry.lastFailure = { error, pin: endpoint.pinnedHostKey };
      const stage = TunnelError.is(error) ? error : undefined;
      entry.lastError = { code: stage?.code ?? "SSH_HANDSHAKE_FAILED", message: (error as Error).message, at: new Date() };
      entry.hostKeyMismatch = stage?.hostKeys;
      this.enter(entry, "failed");
      throw error;
    } finally {
      entry.connecting = undefined;
    }
  }

  private enter(entry: Entry, state: TunnelState): void {
    if (entry.state === state) return;
    entry.state = state;
    entry.since = new Date();
  }

  /** An entry closed on purpose leaves the list, unless a call is already connecting it again. */
  private forget(entry: Entry): void {
    if (entry.connecting) return;
    for (const [key, each] of this.entries) if (each === entry) this.entries.delete(key);
  }

  /** Every pooled SSH connection's health; lost and failed ones an hour after their last call are dropped. */
  health(): TunnelHealth[] {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if ((entry.state === "lost" || entry.state === "failed") && !entry.connecting && now - entry.usedAt > KEEP_GONE_MS) {
        this.entries.delete(key);
      }
    }
    return [...this.entries.values()].map((entry) => ({
      id: entry.id,
      route: entry.route,
      state: entry.state,
      since: entry.since,
      channels: entry.connection?.channelCount ?? 0,
      channelLimit: this.options.maxChannelsPerConnection,
      roundTripMs: entry.state === "connected" ? (entry.connection?.roundTripMs ?? null) : null,
      reconnects: Math.max(0, entry.connects - 1),
      lastError: entry.lastError ?? null,
      hostKeyMismatch: entry.hostKeyMismatch ?? null,
      users: [...entry.users],
    }));
  }

  /**
   * The new key `presented` was pinned where the old one was: the entry stops showing the
   * mismatch. Its next call connects at once, as with any new pin; a caller still pinning the old
   * key sees the mismatch again.
   */
  hostKeyAccepted(id: string, presented: string): void {
    for (const entry of this.entries.values()) {
      if (entry.id === id && entry.hostKeyMismatch?.presented === presented) entry.hostKeyMismatch = undefined;
    }
  }

  /** Live SSH connections and open channels, for leak checks and metrics. */
  stats(): { connections: number; channels: number } {
    const live = [...this.entries.values()].flatMap((e) => (e.connection ? [e.connection] : []));
    return { connections: live.length, channels: live.reduce((sum, c) => sum + c.channelCount, 0) };
  }

  closeAll(): void {
    for (const entry of this.entries.values()) entry.connection?.close();
    this.entries.clear();
  }
}
