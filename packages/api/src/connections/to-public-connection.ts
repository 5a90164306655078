import { type Connection, type ConnectionTypeRegistry, type LastTest, type PublicConnectionConfig } from "@connections/core";
import { storedSecretPaths } from "./connection-secrets.ts";
import { lastKey, parentOf } from "./object-paths.ts";
import { publicSshTunnel, type StoredTunnel } from "./public-ssh-tunnel.ts";
import { readStoredConfig, rowType, type ConnectionRow, type StoredRow } from "./stored-connection.ts";
import { definitionOf } from "../connection-types.ts";

/** The API shape of a stored connection: secrets become has_* flags; nothing is decrypted. */
export function toPublicConnection(registry: ConnectionTypeRegistry, row: ConnectionRow): Connection {
  return {
    id: row.id,
    project_id: row.projectId,
    name: row.name,
    type: rowType(row),
    config: publicConfigOf(registry, row),
    last_test: lastTestOf(row),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** A stored config as the API shows it (connections and chat connectors alike). */
export function publicConfigOf(registry: ConnectionTypeRegistry, row: StoredRow): PublicConnectionConfig {
  const type = rowType(row);
  // A fresh parse of the column: the view may be changed in place.
  const { config: view, tunnel_key, jump_keys } = readStoredConfig(row);
  const present = storedSecretPaths(row.secrets);
  for (const path of definitionOf(registry, type).secretPaths) {
    const parent = parentOf(view, path);
    if (parent) parent[`has_${lastKey(path)}`] = present.has(path);
  }
  const tunnel = view.ssh_tunnel as StoredTunnel | undefined;
  if (tunnel && tunnel_key) {
    view.ssh_tunnel = publicSshTunnel(tunnel, { tunnel_key, jump_keys }, { host: String(view.host), port: Number(view.port) }, present);
  }
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
