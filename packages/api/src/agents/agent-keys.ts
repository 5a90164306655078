import { AppError, reverseTunnelOf, type ConnectionConfig } from "@connections/core";
import type { Database } from "@connections/db";
import { agentKeyFingerprint } from "@connections/tunnel";
import { isUniqueViolation } from "../prisma-errors.ts";
import { readStoredConfig, type StoredRow } from "../connections/stored-connection.ts";

/** The fingerprint of a config's agent key; undefined without a reverse tunnel. */
export function agentKeyOf(config: ConnectionConfig): string | undefined {
  const tunnel = reverseTunnelOf(config);
  return tunnel ? agentKeyFingerprint(tunnel.authorized_key) : undefined;
}

/** The agent key a stored row registers, if any. */
export function storedAgentKeyOf(row: StoredRow): string | undefined {
  return agentKeyOf(readStoredConfig(row).config as ConnectionConfig);
}

/** Nested write for a new row: registers its agent key. */
export function agentKeyCreate(fingerprint: string | undefined) {
  return fingerprint ? { agentKey: { create: { fingerprint } } } : {};
}

/** Nested write for an updated row: registers the new key, drops the old one, or leaves it. */
export function agentKeyUpdate(before: string | undefined, after: string | undefined) {
  if (before === after) return {};
  if (!after) return { agentKey: { delete: true } };
  return { agentKey: before ? { update: { fingerprint: after } } : { create: { fingerprint: after } } };
}

/**
 * A unique violation of a write that registered `fingerprint`: the key's, when another row holds
 * it (one key serves one connection, so an agent never serves a database it was not set up for);
 * otherwise undefined, and the caller reports its own (the name's).
 */
export async function agentKeyConflict(db: Database, error: unknown, fingerprint: string | undefined): Promise<AppError | undefined> {
  if (!fingerprint || !isUniqueViolation(error)) return undefined;
  if (!(await db.agentKey.findUnique({ where: { fingerprint } }))) return undefined;
  return new AppError("CONFLICT", "This agent key already serves another connection or chat connector: give this one its own key pair", [
    {
      path: "config.ssh_tunnel.authorized_key",
      code: "INVALID_VALUE",
      message:
        "already serves another connection or chat connector; create another key pair (ssh-keygen -t ed25519 -f ~/.ssh/connections_agent_2)",
    },
  ]);
}
