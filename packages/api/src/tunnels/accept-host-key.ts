import { AppError, type AcceptHostKeyInput, type AcceptHostKeyResult } from "@connections/core";
import { DEFAULT_TIMEOUTS } from "@connections/tunnel";
import { audited } from "../audit/audited.ts";
import { configOf, forgetConnection, readConnection } from "../connections/cached-connection.ts";
import { readStoredConfig } from "../connections/stored-connection.ts";
import { sameAddress } from "../connections/stored-jump-hosts.ts";
import type { Principal, ServiceContext } from "../context.ts";
import { sshRouteOf } from "../diagnostics/ssh-endpoint.ts";
import { assertProjectAccess } from "../projects/find-accessible-project.ts";
import { findChatConnector } from "../chat/find-chat-connector.ts";
import { loadConnectionConfig } from "../connections/load-connection-config.ts";
import { idsOf, sessionKeyOf, tunnelUsers, type TunnelUser } from "./tunnel-users.ts";

type Json = Record<string, unknown>;

/**
 * "Accept new host key" (SPEC §12): the tunnel's server shows another key than the one pinned;
 * every connection of the project, and chat connector of the caller's, that pinned the old key for
 * that server (as its bastion or as a jump host) pins the new one. Only the key the caller was shown is accepted: if the server now
 * shows yet another, nothing changes.
 */
export function acceptHostKey(ctx: ServiceContext, principal: Principal, input: AcceptHostKeyInput): Promise<AcceptHostKeyResult> {
  return audited(
    ctx,
    principal,
    { action: "tunnel.accept_host_key", projectId: null, connectionId: null, targetId: input.tunnel_id, sql: null },
    async (audit) => {
      const projectId = assertProjectAccess(principal, input.project_id);
      audit.projectId = projectId;
      const users = await tunnelUsers(ctx, principal, projectId);
      const tunnel = ctx.tunnels.health().find((t) => t.id === input.tunnel_id && t.users.some((user) => users.bySessionKey.has(user)));
      const mismatch = tunnel?.hostKeyMismatch;
      // Tunnels come and go with their connections (and with a restart): one no longer listed, like
      // one whose server shows its pinned key again, has nothing to accept.
      if (!tunnel || !mismatch) {
        throw new AppError("CONFLICT", "No tunnel of this project by that id shows a changed host key now: reload the Tunnels page");
      }
      if (mismatch.presented !== input.fingerprint) {
        throw new AppError(
          "CONFLICT",
          `The server now shows the host key ${mismatch.presented}, not ${input.fingerprint}: check that key before accepting it`,
        );
      }
      const { host, port } = tunnel.route.at(-1)!;
      const repinned: TunnelUser[] = [];
      for (const user of users.all) {
        const config = withKeyRepinned(user.config, { host, port }, mismatch.pinned, mismatch.presented);
        if (config && (await repin(ctx, user, config))) repinned.push(user);
      }
      if (repinned[0]) {
        ctx.tunnels.hostKeyAccepted(tunnel.id, mismatch.presented);
        // Connects again with the new pin now, so the page shows the tunnel back (or why not)
        // without waiting for a query; the pool records the outcome, the caller does not wait for it.
        void reconnect(ctx, principal, repinned[0]).catch(() => {});
      }
      const { connection_ids, chat_connector_ids } = idsOf(repinned);
      return { repinned_connection_ids: connection_ids, repinned_chat_connector_ids: chat_connector_ids };
    },
  );
}

/** Writes the new config unless the row changed meanwhile (a concurrent edit is never overwritten). */
async function repin(ctx: ServiceContext, user: TunnelUser, config: string): Promise<boolean> {
  const where = { id: user.id, config: user.config };
  if (user.kind === "chat-connector") return (await ctx.db.chatConnector.updateMany({ where, data: { config } })).count > 0;
  const { count } = await ctx.db.connection.updateMany({ where, data: { config } });
  if (count > 0) forgetConnection(ctx, user.id);
  return count > 0;
}

async function reconnect(ctx: ServiceContext, principal: Principal, user: TunnelUser): Promise<void> {
  const config =
    user.kind === "connection"
      ? configOf(ctx, await readConnection(ctx, principal, user.id))
      : loadConnectionConfig(ctx, "chat-connector", await findChatConnector(ctx, principal, user.id));
  const route = await sshRouteOf(config);
  if (route) await ctx.tunnels.acquire(route, DEFAULT_TIMEOUTS, sessionKeyOf(user));
}

/** The `config` column with `from` replaced by `to` wherever the server at `address` pinned it; undefined when nothing did. */
function withKeyRepinned(column: string, address: Json, from: string, to: string): string | undefined {
  const stored = readStoredConfig({ config: column });
  const tunnel = stored.config.ssh_tunnel as (Json & { jump_hosts?: Json[] }) | undefined;
  if (!tunnel || tunnel.mode === "reverse") return undefined;
  let changed = false;
  for (const server of [tunnel, ...(tunnel.jump_hosts ?? [])]) {
    if (server.host_key_fingerprint !== from || !sameAddress(server, address)) continue;
    server.host_key_fingerprint = to;
    changed = true;
  }
  return changed ? JSON.stringify(stored) : undefined;
}
