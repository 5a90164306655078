import { z } from "zod";
import { MAX_JUMP_HOSTS } from "../config/ssh-tunnel.ts";
import type { AnyConnectionTypeDefinition } from "./define-connection-type.ts";

// One path per possible hop (there are at most MAX_JUMP_HOSTS), so secrets and destinations stay a fixed list.
const jumpHostPaths = (fields: readonly string[]) =>
  Array.from({ length: MAX_JUMP_HOSTS }, (_, index) => fields.map((field) => `ssh_tunnel.jump_hosts.${index}.${field}`)).flat();

export const TUNNEL_SECRET_PATHS: readonly string[] = [
  "ssh_tunnel.private_key",
  "ssh_tunnel.private_key_passphrase",
  ...jumpHostPaths(["private_key", "private_key_passphrase"]),
];

// The bastion the tunnel logs in to, and every jump host on the way. Their private keys are not
// among the secrets to give again: public-key authentication never reveals the key to a bastion.
// A reverse tunnel's agent is known by its key: another key is another network's agent.
const BASTION_PATHS: readonly string[] = [
  "ssh_tunnel.mode",
  "ssh_tunnel.authorized_key",
  "ssh_tunnel.host",
  "ssh_tunnel.port",
  "ssh_tunnel.user",
  ...jumpHostPaths(["host", "port", "user"]),
];

/** The connection types the product offers, each known by its `type` string; built once from the definitions. */
export interface ConnectionTypeRegistry<D extends AnyConnectionTypeDefinition = AnyConnectionTypeDefinition> {
  /** In the order listed, which is the order the UI offers them. */
  readonly definitions: readonly [D, ...D[]];
  readonly byType: { readonly [K in D["type"]]: Extract<D, { type: K }> };
  readonly names: readonly [D["type"], ...Array<D["type"]>];
  /** The `type` field alone: "is required", or "must be one of: …" naming every type. */
  readonly typeSchema: z.ZodEnum<{ [K in D["type"]]: K }>;
  /** The error of a union discriminated by `type` when no variant matched on it. */
  unknownTypeError(issue: { code: string; input?: unknown }): { message: string; path: string[] } | undefined;
  /** Secret paths of a type: the database's own plus the tunnel's. */
  secretPathsOf(type: D["type"]): readonly string[];
  /** Where a connection of the type points (see changedDestinationPaths): its own fields plus the bastion's. */
  destinationPathsOf(type: D["type"]): readonly string[];
}

export function connectionTypeRegistry<const L extends readonly [AnyConnectionTypeDefinition, ...AnyConnectionTypeDefinition[]]>(
  definitions: L,
): ConnectionTypeRegistry<L[number]> {
  type D = L[number];
  const byType = Object.fromEntries(definitions.map((definition) => [definition.type, definition])) as ConnectionTypeRegistry<D>["byType"];
  const names = definitions.map((definition) => definition.type) as unknown as ConnectionTypeRegistry<D>["names"];
  const choices = names.join(", ");
  const definitionOf = (type: string): AnyConnectionTypeDefinition => (byType as Record<string, AnyConnectionTypeDefinition>)[type]!;
  return {
    definitions: definitions as unknown as readonly [D, ...D[]],
    byType,
    names,
    typeSchema: z.enum(names as unknown as [D["type"], ...Array<D["type"]>], {
      error: (issue) => (issue.input === undefined ? "is required" : `must be one of: ${choices}`),
    }) as unknown as ConnectionTypeRegistry<D>["typeSchema"],
    unknownTypeError(issue) {
      if (issue.code !== "invalid_union") return undefined;
      const given = (issue.input as { type?: unknown } | undefined)?.type;
      return { message: given === undefined ? `is required: one of ${choices}` : `must be one of: ${choices}`, path: ["type"] };
    },
    secretPathsOf: (type) => [...definitionOf(type).secretPaths, ...TUNNEL_SECRET_PATHS],
    destinationPathsOf: (type) => [...definitionOf(type).destinationPaths, ...BASTION_PATHS],
  };
}

/** The parsed config of type `T` among definitions `D`. */
export type ConfigOfType<D extends AnyConnectionTypeDefinition, T extends D["type"]> = z.output<Extract<D, { type: T }>["config"]>;
