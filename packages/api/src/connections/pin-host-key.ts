import type { ServiceContext } from "../context.ts";
import { forgetConnection } from "./cached-connection.ts";
import { readStoredConfig, type ConnectionRow, type StoredRow } from "./stored-connection.ts";

/**
 * Trust on first use: the first successful connection pins the bastion's host key; every later
 * connection must present the same key. Only writes when no pin exists yet.
 */
export async function pinHostKey(ctx: ServiceContext, row: ConnectionRow, fingerprint: string | undefined): Promise<void> {
  const pinned = configWithPinnedHostKey(row, fingerprint);
  // Conditional on the row being unchanged, so a concurrent edit is never overwritten.
  if (!pinned) return;
  await ctx.db.connection.updateMany({ where: { id: row.id, config: row.config }, data: { config: pinned } });
  forgetConnection(ctx, row.id);
}

/** The row's `config` column with the fingerprint pinned, or undefined when there is nothing to pin. */
export function configWithPinnedHostKey(row: StoredRow, fingerprint: string | undefined): string | undefined {
  if (!fingerprint) return undefined;
  const stored = readStoredConfig(row);
  const tunnel = stored.config.ssh_tunnel as { host_key_fingerprint?: string } | undefined;
  if (!tunnel || tunnel.host_key_fingerprint) return undefined;
  tunnel.host_key_fingerprint = fingerprint;
  return JSON.stringify(stored);
}
