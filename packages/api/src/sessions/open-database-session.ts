import { reverseTunnelOf, type ConnectionConfig, type ConnectionType, type HostKeysSeen } from "@connections/core";
import { DEFAULT_TIMEOUTS, directTransport, tunnelTransport } from "@connections/tunnel";
import { driverOf } from "../connection-types.ts";
import type { ServiceContext } from "../context.ts";
import { sshRouteOf } from "../diagnostics/ssh-endpoint.ts";
import type { OpenedSession } from "./session-pool.ts";

// Quieter than this, a tunnel is asked to answer when one of its sessions is reused; busy ones are not.
const QUIET_BEFORE_CHECK_MS = 1_000;

/**
 * A new database session over the config's shared tunnel (opened or reused), its next agent for a
 * reverse tunnel, or directly. `user` (the session key) is who the Tunnels page lists on the tunnel.
 * `pinHostKey` records the host keys of the bastion and each jump host on first use. The session stands as long as its tunnel.
 */
export async function openDatabaseSession(
  ctx: ServiceContext,
  type: ConnectionType,
  config: ConnectionConfig,
  { statementTimeoutMs, readOnly, user }: { statementTimeoutMs: number; readOnly: boolean; user: string },
  pinHostKey: (seen: HostKeysSeen) => Promise<void>,
): Promise<OpenedSession> {
  const route = await sshRouteOf(config);
  const reverse = reverseTunnelOf(config);
  const tunnel = route
    ? await ctx.tunnels.acquire(route, DEFAULT_TIMEOUTS, user)
    : reverse
      ? ctx.agents.acquire(reverse, config)
      : undefined;
  if (route && tunnel) await pinHostKey(tunnel.hostKeysSeen());
  const transport = tunnel ? tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward) : directTransport(ctx.targetPolicy);
  const session = await driverOf(ctx.connectionTypes.drivers, type).connect(config, {
    transport,
    connectTimeoutMs: DEFAULT_TIMEOUTS.db,
    statementTimeoutMs,
    readOnly,
  });
  return {
    session,
    pathAlive: () => !tunnel?.lost,
    reusing: () => tunnel?.expectAnswer(QUIET_BEFORE_CHECK_MS, DEFAULT_TIMEOUTS.forward),
  };
}
