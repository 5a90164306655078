import type { ConnectionType, ConnectionTypeRegistry } from "@connections/core";
import { copyAlong, getPath, lastKey, parentOf } from "./object-paths.ts";

type Json = Record<string, unknown>;

/**
 * PUT semantics for secrets: a secret field left out keeps its stored value (when its parent
 * object is still there), `null` clears it. A new private key never inherits the old passphrase.
 * Returns the merged config and the stored secrets it kept, by path.
 */
export function mergeStoredSecrets(
  registry: ConnectionTypeRegistry,
  type: ConnectionType,
  incoming: Json,
  stored: Map<string, string>,
): { config: Json; kept: Map<string, string> } {
  // Not structuredClone: the config is not validated yet and may nest too deep to clone.
  const config = copyAlong(incoming, registry.secretPathsOf(type));
  const keyGiven = getPath(config, "ssh_tunnel.private_key") !== undefined;
  const kept = new Map<string, string>();
  for (const path of registry.secretPathsOf(type)) {
    const parent = parentOf(config, path);
    if (!parent) continue;
    const key = lastKey(path);
    if (parent[key] === null) {
      delete parent[key];
    } else if (parent[key] === undefined) {
      const value = stored.get(path);
      if (value === undefined || (path === "ssh_tunnel.private_key_passphrase" && keyGiven)) continue;
      parent[key] = value;
      kept.set(path, value);
    }
  }
  return { config, kept };
}
