import type { HostKeysSeen } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { forgetConnection } from "./cached-connection.ts";
import { readStoredConfig, type ConnectionRow, type StoredRow } from "./stored-connection.ts";

interface PinnedServer {
  host_key_fingerprint?: string;
}

/**
 * Trust on first use: the first successful connection pins the host key of the bastion and of
 * each jump host; every later connection must present the same keys. Only servers without a pin
 * get one, all in one write.
 */
export async function pinHostKey(ctx: ServiceContext, row: ConnectionRow, seen: HostKeysSeen): Promise<void> {
  const pinned = configWithPinnedHostKeys(row, seen);
  // Conditional on the row being unchanged, so a concurrent edit is never overwritten.
  if (!pinned) return;
  await ctx.db.connection.updateMany({ where: { id: row.id, config: row.config }, data: { config: pinned } });
  forgetConnection(ctx, row.id);
}

/** The row's `config` column with the keys seen pinned where no pin was, or undefined when there is nothing to pin. */
export function configWithPinnedHostKeys(row: StoredRow, seen: HostKeysSeen): string | undefined {
  const stored = readStoredConfig(row);
  const tunnel = stored.config.ssh_tunnel as (PinnedServer & { jump_hosts?: PinnedServer[] }) | undefined;
  if (!tunnel) return undefined;
  const servers: Array<[PinnedServer, string | null | undefined]> = [
    [tunnel, seen.host_key_fingerprint],
    ...(tunnel.jump_hosts ?? []).map((hop, index): [PinnedServer, string | null | undefined] => [
      hop,
      seen.jump_host_key_fingerprints?.[index],
    ]),
  ];
  let changed = false;
  for (const [server, fingerprint] of servers) {
    if (!fingerprint || server.host_key_fingerprint) continue;
    server.host_key_fingerprint = fingerprint;
    changed = true;
  }
  return changed ? JSON.stringify(stored) : undefined;
}
