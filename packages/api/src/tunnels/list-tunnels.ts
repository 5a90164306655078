import { createHash } from "node:crypto";
import type { ListTunnelsInput, Tunnel, TunnelList } from "@connections/core";
import type { AgentLink, TunnelHealth } from "@connections/tunnel";
import type { Principal, ServiceContext } from "../context.ts";
import { assertProjectAccess } from "../projects/find-accessible-project.ts";
import { idsOf, tunnelUsers, type TunnelUser } from "./tunnel-users.ts";

// Trouble first, so a lost or failed tunnel is at the top of the page.
const STATE_ORDER: Record<Tunnel["state"], number> = { failed: 0, lost: 1, connecting: 2, connected: 3 };

/**
 * GET /v1/tunnels: the pooled SSH connections the project's connections (and the caller's own chat
 * connectors) went through, each hop's own and a chain's too, and the agents connected for their
 * reverse tunnels, with their health (SPEC §12). A connection shows no tunnel until a query has
 * gone through one: tests always connect afresh.
 */
export async function listTunnels(ctx: ServiceContext, principal: Principal, input: ListTunnelsInput): Promise<TunnelList> {
  const projectId = assertProjectAccess(principal, input.project_id);
  const users = await tunnelUsers(ctx, principal, projectId);
  const ssh = ctx.tunnels.health().flatMap((health) => {
    const using = health.users.flatMap((user) => users.bySessionKey.get(user) ?? []);
    return using.length > 0 ? [sshTunnel(health, using)] : [];
  });
  const agents = [...users.byAgentKey].flatMap(([fingerprint, using]) =>
    ctx.agents.registry.linksOf(fingerprint).map((link) => agentTunnel(fingerprint, link, using)),
  );
  const data = [...ssh, ...agents].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.id.localeCompare(b.id));
  return { data };
}

function sshTunnel(health: TunnelHealth, using: TunnelUser[]): Tunnel {
  const hops = health.route.map(({ host, port, user }) => ({ host, port, user }));
  return {
    id: health.id,
    kind: "ssh",
    bastion: hops.at(-1)!,
    hops: hops.slice(0, -1),
    agent: null,
    state: health.state,
    since: health.since.toISOString(),
    channels_in_use: health.channels,
    channel_limit: health.channelLimit,
    keepalive_rtt_ms: health.roundTripMs,
    reconnects: health.reconnects,
    last_error: health.lastError && { ...health.lastError, at: health.lastError.at.toISOString() },
    host_key_mismatch: health.hostKeyMismatch && {
      pinned_fingerprint: health.hostKeyMismatch.pinned,
      presented_fingerprint: health.hostKeyMismatch.presented,
    },
    ...idsOf(using),
  };
}

function agentTunnel(fingerprint: string, link: AgentLink, using: TunnelUser[]): Tunnel {
  const { connection } = link;
  return {
    // An agent's SSH connection is new each time it dials in: its key, address and start name it.
    id: createHash("sha256").update(`agent\n${fingerprint}\n${link.remoteAddress}\n${link.since.toISOString()}`).digest("hex").slice(0, 20),
    kind: "agent",
    bastion: null,
    hops: [],
    agent: { remote_address: link.remoteAddress },
    state: "connected",
    since: link.since.toISOString(),
    channels_in_use: connection.channelCount,
    channel_limit: connection.channelLimit,
    keepalive_rtt_ms: connection.roundTripMs,
    reconnects: 0,
    last_error: null,
    host_key_mismatch: null,
    ...idsOf(using),
  };
}
