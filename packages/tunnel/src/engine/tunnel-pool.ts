import { connectSsh, type SshEndpoint } from "./connect-ssh.ts";
import type { StageTimeouts } from "./timeouts.ts";
import { TunnelConnection } from "./tunnel-connection.ts";

interface Entry {
  connection?: TunnelConnection;
  connecting?: Promise<TunnelConnection>;
  failures: number;
  retryAt: number;
  /** Why the last connect failed; repeated, without reconnecting, until retryAt. */
  lastError?: unknown;
}

export interface TunnelPoolOptions {
  maxChannelsPerConnection: number;
  idleMs: number;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 10_000;

/**
 * One SSH connection per (bastion, port, user, client key, pinned host key), shared by every call
 * through it. Connecting is single-flight. After a failure, calls until a jittered, growing delay
 * has passed get the same error at once: the bastion is not hammered, and no caller waits out the
 * delay only to hear what the last one heard.
 */
export class TunnelPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: TunnelPoolOptions = { maxChannelsPerConnection: 64, idleMs: 5 * 60_000 }) {}

  async acquire(endpoint: SshEndpoint, timeouts: StageTimeouts): Promise<TunnelConnection> {
    // The pin is part of the key: re-pinning a changed host key must not meet the old refusal.
    const key = [endpoint.host, endpoint.port, endpoint.user, endpoint.key.fingerprint, endpoint.pinnedHostKey].join("\n");
    const entry = this.entries.get(key) ?? { failures: 0, retryAt: 0 };
    this.entries.set(key, entry);
    const live = entry.connection && !entry.connection.lost ? entry.connection : undefined;
    if (live) return live;
    if (!entry.connecting && entry.lastError !== undefined && Date.now() < entry.retryAt) throw entry.lastError;
    return (entry.connecting ??= this.connect(entry, endpoint, timeouts));
  }

  private async connect(entry: Entry, endpoint: SshEndpoint, timeouts: StageTimeouts): Promise<TunnelConnection> {
    try {
      const session = await connectSsh(endpoint, timeouts);
      entry.failures = 0;
      entry.lastError = undefined;
      entry.connection = new TunnelConnection(session, {
        maxChannels: this.options.maxChannelsPerConnection,
        idleMs: this.options.idleMs,
        onGone: (gone) => {
          if (entry.connection === gone) entry.connection = undefined;
        },
      });
      return entry.connection;
    } catch (error) {
      entry.failures++;
      const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (entry.failures - 1));
      entry.retryAt = Date.now() + backoff / 2 + Math.random() * (backoff / 2);
      entry.lastError = error;
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
