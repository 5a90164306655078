import type { z } from "zod";
import { AppError, CHAT_CONFIG_SCHEMAS, CONNECTION_TYPES, secretPathsOf, type ConnectionType } from "@connections/core";
import type { CatalogueEntry, Owned } from "./procedure-catalogue.ts";

/** What the caller owns, and the stored type and secrets of each row (for PUT's merge). */
export interface Ownership {
  ids: Record<Owned, readonly string[]>;
  stored: ReadonlyMap<string, { type: ConnectionType; secrets: Readonly<Record<string, string>> }>;
}

export interface Verdict {
  /** Every check the server makes could pass: it may act on the request. */
  accept: boolean;
  /** The fields the shared schema refuses, when it refuses the input at all. */
  schemaPaths: string[] | null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getPath(root: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined), root);
}

function refusedPaths(schema: z.ZodType | undefined, value: unknown): string[] | null {
  const parsed = schema?.safeParse(value);
  return parsed && !parsed.success ? (AppError.fromZod(parsed.error).details as Array<{ path: string }>).map((d) => d.path) : null;
}

/**
 * PUT semantics (§3): a secret left out keeps its stored value, `null` clears it. Both readings of
 * a left-out passphrase beside a new key are returned, so the verdict errs towards "may accept".
 */
function mergedConfigs(
  type: ConnectionType,
  config: Record<string, unknown>,
  stored: Readonly<Record<string, string>>,
): Record<string, unknown>[] {
  return [true, false].map((keepPassphrase) => {
    // Shallow copies of the secrets' parents only: a generated config may nest too deep to clone.
    const merged = { ...config };
    for (const path of secretPathsOf(type)) {
      const [first, key] = path.includes(".") ? path.split(".") : [undefined, path];
      if (first !== undefined && isObject(merged[first])) merged[first] = { ...merged[first] };
      const parent = first === undefined ? merged : merged[first];
      if (!isObject(parent) || key === undefined) continue;
      if (parent[key] === null) delete parent[key];
      else if (parent[key] === undefined && stored[path] !== undefined && (keepPassphrase || !path.endsWith("passphrase")))
        parent[key] = stored[path];
    }
    return merged;
  });
}

function mergeAccepts(entry: CatalogueEntry, input: unknown, owned: Ownership): boolean {
  const prefix = entry.api === "rest" ? "body." : "";
  const row = owned.stored.get(getPath(input, "id") as string);
  const config = getPath(input, `${prefix}config`);
  const type = getPath(input, `${prefix}type`);
  if (!row || !isObject(config) || (type !== undefined && type !== row.type)) return false;
  const schema: z.ZodType = entry.mergesConfig === "chat-connector" ? CHAT_CONFIG_SCHEMAS[row.type] : CONNECTION_TYPES[row.type].config;
  // Errs towards "may accept": a move to a new destination without the password (SECRETS_REQUIRED) and a kept host key pin are not modelled.
  return mergedConfigs(row.type, config, row.secrets).some((merged) => schema.safeParse(merged).success);
}

/**
 * The server's checks, in terms of the shared schemas and what the caller owns: may it act on this
 * input (a REST `{id, query, body}` or a tRPC input), and which fields does the schema refuse?
 */
export function verdictOf(entry: CatalogueEntry, input: unknown, owned: Ownership): Verdict {
  const schemaPaths =
    entry.api === "rest"
      ? (refusedPaths(entry.query, getPath(input, "query")) ?? refusedPaths(entry.body, getPath(input, "body")))
      : refusedPaths(entry.input, input);
  const refsOwned = entry.refs.every((ref) => {
    const value = getPath(input, ref.path);
    return value === undefined || (typeof value === "string" && owned.ids[ref.of].includes(value));
  });
  const cursor = entry.cursor ? getPath(input, entry.cursor) : undefined;
  const cursorOwned = !cursor || (typeof cursor === "string" && owned.ids.connection.includes(cursor));
  const accept = schemaPaths === null && refsOwned && cursorOwned && (!entry.mergesConfig || mergeAccepts(entry, input, owned));
  return { accept, schemaPaths };
}
