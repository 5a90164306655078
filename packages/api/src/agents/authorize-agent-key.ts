import type { Database } from "@connections/db";
import type { AgentGrant } from "@connections/tunnel";
import { readStoredConfig } from "../connections/stored-connection.ts";

/**
 * Which connection or chat connector an agent key serves, and the database port its forward must
 * name; undefined for a key no reverse tunnel registers. The grant is known by the key's
 * fingerprint, as queries find their agents by it.
 */
export async function authorizeAgentKey(db: Database, fingerprint: string): Promise<AgentGrant | undefined> {
  const registered = await db.agentKey.findUnique({
    where: { fingerprint },
    select: { connection: { select: { config: true } }, chatConnector: { select: { config: true } } },
  });
  const row = registered?.connection ?? registered?.chatConnector;
  if (!row) return undefined;
  const { config } = readStoredConfig(row as Parameters<typeof readStoredConfig>[0]);
  const tunnel = config.ssh_tunnel as { mode?: string } | undefined;
  if (tunnel?.mode !== "reverse") return undefined;
  return { id: fingerprint, port: Number(config.port) };
}
