import { connectSsh, type SshEndpoint, type SshRoute } from "./connect-ssh.ts";
import { DEFAULT_KEEPALIVE, type Keepalive, type StageTimeouts } from "./timeouts.ts";
import { TunnelConnection } from "./tunnel-connection.ts";
import { TunnelError } from "./tunnel-error.ts";
import { capitalised } from "@connections/core";
import type { TargetPolicy } from "../policy/target-policy.ts";

interface Entry {
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

/**
 * One SSH connection per (bastion, port, user, client key), shared by every call through it. On a
 * route through jump hosts each hop is such a connection, keyed by the hops before it too, so
 * chains that start alike share their first hops, and a lost hop is rebuilt with what came after
 * it while the hops before it stay. Connecting is single-flight. After a failure, calls with the same host key pin get the same error
 * at once until a jittered, growing delay has passed: the bastion is not hammered, and no caller
 * waits out the delay only to hear what the last one heard. A new pin (a changed key accepted on
 * purpose) connects at once.
 */
export class TunnelPool {
  private readonly entries = new Map<string, Entry>();
  private readonly options: TunnelPoolOptions;

  constructor(options: Partial<TunnelPoolOptions> & Pick<TunnelPoolOptions, "policy">) {
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  /** The last hop's connection (the bastion's), every hop on the way connected or reused. */
  async acquire(route: SshRoute, timeouts: StageTimeouts): Promise<TunnelConnection> {
    let key = "";
    let via: TunnelConnection | undefined;
    for (const endpoint of route) {
      key += `${[endpoint.host, endpoint.port, endpoint.user, endpoint.key.fingerprint].join("\n")}\n\n`;
      via = await this.acquireHop(key, endpoint, timeouts, via);
    }
    return via!;
  }

  private async acquireHop(
    key: string,
    endpoint: SshEndpoint,
    timeouts: StageTimeouts,
    via: TunnelConnection | undefined,
  ): Promise<TunnelConnection> {
    const entry = this.entries.get(key) ?? { failures: 0, retryAt: 0 };
    this.entries.set(key, entry);
    const live = entry.connection && !entry.connection.lost ? entry.connection : undefined;
    const failure = entry.lastFailure;
    if (!live && !entry.connecting && failure && failure.pin === endpoint.pinnedHostKey && Date.now() < entry.retryAt) throw failure.error;
    const connection = live ?? (await (entry.connecting ??= this.connect(entry, endpoint, timeouts, via)));
    if (endpoint.pinnedHostKey && connection.hostKeyFingerprint !== endpoint.pinnedHostKey) {
      const { server } = connection;
      throw new TunnelError(
        "HOST_KEY_MISMATCH",
        `${capitalised(server.label)}'s host key ${connection.hostKeyFingerprint} is not the pinned ${endpoint.pinnedHostKey}`,
        { server, detail: { pooled: true } },
      );
    }
    return connection;
  }

  private async connect(
    entry: Entry,
    endpoint: SshEndpoint,
    timeouts: StageTimeouts,
    via: TunnelConnection | undefined,
  ): Promise<TunnelConnection> {
    try {
      const session = await connectSsh(endpoint, timeouts, { policy: this.options.policy, keepalive: this.options.keepalive, via });
      entry.failures = 0;
      entry.lastFailure = undefined;
      entry.connection = new TunnelConnection(session, {
        maxChannels: this.options.maxChannelsPerConnection,
        idleMs: this.options.idleMs,
        policy: this.options.policy,
        via,
        onGone: (gone) => {
          if (entry.connection === gone) entry.connection = undefined;
        },
      });
      return entry.connection;
    } catch (error) {
      entry.failures++;
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (entry.failures - 1));
      entry.retryAt = Date.now() + backoff / 2 + Math.random() * (backoff / 2);
      entry.lastFailure = { error, pin: endpoint.pinnedHostKey };
      throw error;
    } finally {
      entry.connecting = undefined;
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
