import { type Connection, type LastTest, type PublicConnectionConfig, type ReverseTunnelConfig } from "@connections/core";
import type { ServiceContext } from "../context.ts";
import { storedSecretPaths } from "./connection-secrets.ts";
import { lastKey, parentOf } from "./object-paths.ts";
import { publicReverseTunnel } from "./public-reverse-tunnel.ts";
import { publicSshTunnel, type StoredTunnel } from "./public-ssh-tunnel.ts";
import { readStoredConfig, rowType, type ConnectionRow, type StoredRow } from "./stored-connection.ts";
import { definitionOf } from "../connection-types.ts";

/** What a public view needs: the types, and the agents a reverse tunnel's status comes from. */
export type ViewContext = Pick<ServiceContext, "connectionTypes" | "agents">;

/** The API shape of a stored connection: secrets become has_* flags; nothing is decrypted. */
export function toPublicConnection(ctx: ViewContext, row: ConnectionRow): Connection {
  return {
    id: row.id,
    project_id: row.projectId,
    name: row.name,
    type: rowType(row),
    read_only: row.readOnly,
    config: publicConfigOf(ctx, row),
    last_test: lastTestOf(row),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** A stored config as the API shows it (connections and chat connectors alike). */
export function publicConfigOf(ctx: ViewContext, row: StoredRow): PublicConnectionConfig {
  const { registry } = ctx.connectionTypes;
  const type = rowType(row);
  // A fresh parse of the column: the view may be changed in place.
  const { config: view, tunnel_key, jump_keys } = readStoredConfig(row);
  const present = storedSecretPaths(row.secrets);
  for (const path of definitionOf(registry, type).secretPaths) {
    const parent = parentOf(view, path);
    if (parent) parent[`has_${lastKey(path)}`] = present.has(path);
  }
  const database = { host: String(view.host), port: Number(view.port) };
  const tunnel = view.ssh_tunnel as (StoredTunnel & { mode?: string }) | undefined;
  if (tunnel?.mode === "reverse") view.ssh_tunnel = publicReverseTunnel(tunnel as unknown as ReverseTunnelConfig, database, ctx.agents);
  else if (tunnel && tunnel_key) view.ssh_tunnel = publicSshTunnel(tunnel, { tunnel_key, jump_keys }, database, present);
  return view as PublicConnectionConfig;
}

function lastTestOf(row: ConnectionRow): LastTest | null {
  if (row.lastTestAt === null || row.lastTestOk === null) return null;
  return {
    ok: row.lastTestOk,
    at: row.lastTestAt.toISOString(),
    failed_stage: row.lastTestStage as LastTest["failed_stage"],
    code: row.lastTestCode as LastTest["code"],
  };
}
