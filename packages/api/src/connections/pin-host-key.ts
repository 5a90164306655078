import type { ServiceContext } from "../context.ts";
import { readStoredConfig, type ConnectionRow } from "./stored-connection.ts";

/**
 * Trust on first use: the first successful connection pins the bastion's host key; every later
 * connection must present the same key. Only writes when no pin exists yet.
 */
export async function pinHostKey(ctx: ServiceContext, row: ConnectionRow, fingerprint: string | undefined): Promise<void> {
  if (!fingerprint) return;
  const stored = readStoredConfig(row);
  const tunnel = stored.config.ssh_tunnel as { host_key_fingerprint?: string } | undefined;
  if (!tunnel || tunnel.host_key_fingerprint) return;
  tunnel.host_key_fingerprint = fingerprint;
  // Conditional on the row being unchanged, so a concurrent edit is never overwritten.
  await ctx.db.connection.updateMany({ where: { id: row.id, config: row.config }, data: { config: JSON.stringify(stored) } });
}
