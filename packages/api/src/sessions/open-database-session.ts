import type { ConnectionConfig, ConnectionType, HostKeysSeen } from "@connections/core";
import { DEFAULT_TIMEOUTS, directTransport, tunnelTransport } from "@connections/tunnel";
import { driverOf } from "../connection-types.ts";
import type { ServiceContext } from "../context.ts";
import { sshEndpointOf } from "../diagnostics/ssh-endpoint.ts";
import type { OpenedSession } from "./session-pool.ts";

// Quieter than this, a tunnel is asked to answer when one of its sessions is reused; busy ones are not.
const QUIET_BEFORE_CHECK_MS = 1_000;

/**
 * A new database session over the config's shared tunnel (opened or reused) or directly.
 * `pinHostKey` records the bastion's key on first use. The session stands as long as its tunnel.
 */
export async function openDatabaseSession(
  ctx: ServiceContext,
  type: ConnectionType,
  config: ConnectionConfig,
  statementTimeoutMs: number,
  pinHostKey: (seen: HostKeysSeen) => Promise<void>,
): Promise<OpenedSession> {
  const endpoint = await sshEndpointOf(config);
  const tunnel = endpoint ? await ctx.tunnels.acquire(endpoint, DEFAULT_TIMEOUTS) : undefined;
  if (tunnel) await pinHostKey({ host_key_fingerprint: tunnel.hostKeyFingerprint });
  const transport = tunnel ? tunnelTransport(tunnel, DEFAULT_TIMEOUTS.forward) : directTransport(ctx.targetPolicy);
  const session = await driverOf(ctx.connectionTypes.drivers, type).connect(config, {
    transport,
    connectTimeoutMs: DEFAULT_TIMEOUTS.db,
    statementTimeoutMs,
  });
  return {
    session,
    pathAlive: () => !tunnel?.lost,
    reusing: () => tunnel?.expectAnswer(QUIET_BEFORE_CHECK_MS, DEFAULT_TIMEOUTS.forward),
  };
}
