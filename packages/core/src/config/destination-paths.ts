import type { ConnectionTypeRegistry } from "../registry/connection-type-registry.ts";
import { CONNECTION_TYPE_NAMES, CONNECTION_TYPE_REGISTRY, type ConnectionType } from "./connection-types.ts";

type Json = Record<string, unknown>;

/**
 * Where a connection points, per type: the config fields that decide which server (and who on the
 * way) receives its database secrets. A block's presence counts too: adding or removing `ssl` or
 * `ssh_tunnel` changes its required `mode` or `host` from or to absent.
 */
export const DESTINATION_PATHS = Object.fromEntries(
  CONNECTION_TYPE_NAMES.map((type) => [type, CONNECTION_TYPE_REGISTRY.destinationPathsOf(type)]),
) as Record<ConnectionType, readonly string[]>;

function valueAt(root: Json, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (node, key) => (typeof node === "object" && node !== null && Object.hasOwn(node, key) ? (node as Json)[key] : undefined),
      root,
    );
}

/**
 * The destination fields whose values differ between two validated configs of one type (defaults
 * applied, so a port left out and its default are the same destination), among `registry`'s types.
 */
export function changedDestinationPaths(
  type: ConnectionType,
  before: Json,
  after: Json,
  registry: ConnectionTypeRegistry = CONNECTION_TYPE_REGISTRY,
): string[] {
  return registry.destinationPathsOf(type).filter((path) => valueAt(before, path) !== valueAt(after, path));
}
