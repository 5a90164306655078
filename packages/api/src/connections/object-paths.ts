// Dotted paths ("ssl.key") into plain JSON objects, for the secret fields of a config.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

/** Sets a dotted path, creating nothing: the parent must exist. */
export function setPath(root: Json, path: string, value: unknown): void {
  const parent = parentOf(root, path);
  if (parent) parent[lastKey(path)] = value;
}
