import type { ConnectionType, ConnectionTypeRegistry } from "@connections/core";
import { copyAlong, getPath, lastKey, parentOf } from "./object-paths.ts";
import { jumpHostsOf, sameLogin } from "./stored-jump-hosts.ts";

type Json = Record<string, unknown>;

const JUMP_HOST_PATH = /^ssh_tunnel\.jump_hosts\.(\d+)\./;

/**
 * PUT semantics for secrets: a secret field left out keeps its stored value (when its parent
 * object is still there), `null` clears it. A new private key never inherits the old passphrase.
 * A jump host's secret is kept only when the stored hop at its index is the same login (host,
 * port and user): otherwise a reordered or removed hop would log in to another server with
 * another hop's key. Returns the merged config and the stored secrets it kept, by path.
 */
export function mergeStoredSecrets(
  registry: ConnectionTypeRegistry,
  type: ConnectionType,
  incoming: Json,
  stored: Map<string, string>,
  storedConfig: Json,
): { config: Json; kept: Map<string, string> } {
  const paths = registry.secretPathsOf(type);
  // Not structuredClone: the config is not validated yet and may nest too deep to clone.
  const config = copyAlong(incoming, paths);
  // Read before any stored key is put back: a key given anew (or cleared) drops the stored passphrase.
  const keysGiven = new Set(paths.filter((path) => lastKey(path) === "private_key" && getPath(config, path) !== undefined));
  const kept = new Map<string, string>();
  // A tunnel turned reverse keeps no key: the customer's agent holds its own.
  const reverse = (config.ssh_tunnel as Json | undefined)?.mode === "reverse";
  for (const path of paths) {
    const parent = parentOf(config, path);
    if (!parent || (reverse && path.startsWith("ssh_tunnel."))) continue;
    const key = lastKey(path);
    if (parent[key] === null) {
      delete parent[key];
    } else if (parent[key] === undefined) {
      const value = stored.get(path);
      if (value === undefined || !sameHopAsStored(path, config, storedConfig)) continue;
      if (key === "private_key_passphrase" && keysGiven.has(path.replace(/_passphrase$/, ""))) continue;
      parent[key] = value;
      kept.set(path, value);
    }
  }
  return { config, kept };
}

/** True for a path outside the jump hosts, or of a hop that is the same login as the stored hop at its index. */
function sameHopAsStored(path: string, config: Json, storedConfig: Json): boolean {
  const index = JUMP_HOST_PATH.exec(path)?.[1];
  if (index === undefined) return true;
  const given = jumpHostsOf(config)[Number(index)];
  const was = jumpHostsOf(storedConfig)[Number(index)];
  return given !== undefined && was !== undefined && sameLogin(given, was);
}
