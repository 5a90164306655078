// Dotted paths ("ssl.key", "ssh_tunnel.jump_hosts.0.private_key") into plain JSON, for the
// secret fields of a config. A numeric segment indexes an array.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null;
}

export function getPath(root: Json, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
}

/** The object holding the last segment, if every parent on the way exists. */
export function parentOf(root: Json, path: string): Json | undefined {
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
  return isObject(parent) ? parent : undefined;
}

export function lastKey(path: string): string {
  return path.slice(path.lastIndexOf(".") + 1);
}

/**
 * A copy of `root` whose objects on the way to each path are copies too, so the values at those
 * paths can be changed; the rest is shared. Unlike structuredClone it never walks the whole value,
 * which as unvalidated input may nest deeper than the stack allows.
 */
export function copyAlong(root: Json, paths: readonly string[]): Json {
  const copy = { ...root };
  for (const path of paths) {
    let node = copy;
    for (const key of path.split(".").slice(0, -1)) {
      const child = node[key];
      if (!isObject(child)) break;
      node = node[key] = Array.isArray(child) ? ([...child] as unknown as Json) : { ...child };
    }
  }
  return copy;
}

/** Sets a dotted path, creating nothing: the parent must exist. */
export function setPath(root: Json, path: string, value: unknown): void {
  const parent = parentOf(root, path);
  if (parent) parent[lastKey(path)] = value;
}
