import type { HostKeyMismatch } from "./tunnel-error.ts";

/**
 * `connecting`: the first connect is under way; `connected`: it stands; `lost`: it stood and went
 * (a reconnect waits for the next call through it); `failed`: the last connect did not succeed.
 */
export type TunnelState = "connecting" | "connected" | "lost" | "failed";

/** An SSH server on the way: a jump host or the bastion. */
export interface TunnelHop {
  host: string;
  port: number;
  user: string;
}

/** One pooled SSH connection as the Tunnels page shows it (SPEC §12). */
export interface TunnelHealth {
  /** Stable across reconnects: the same server, user and key, reached the same way. */
  id: string;
  /** The servers from the first hop to this connection's own, which is last. */
  route: TunnelHop[];
  state: TunnelState;
  /** When it entered its state. */
  since: Date;
  channels: number;
  channelLimit: number;
  /** The last keepalive's round trip while connected. */
  roundTripMs: number | null;
  /** Connections made again after the first. */
  reconnects: number;
  lastError: { code: string; message: string; at: Date } | null;
  /** Set while the server shows another host key than the one pinned. */
  hostKeyMismatch: HostKeyMismatch | null;
  /** Who went through it (the callers' labels, such as a connection's session key). */
  users: string[];
}
