import { AppError, changedDestinationPaths, type ConnectionType, type ConnectionTypeRegistry, type FieldError } from "@connections/core";
import { definitionOf } from "../connection-types.ts";

type Json = Record<string, unknown>;

/**
 * A stored secret only goes where it was entered for (SPEC §9). When an update changes where the
 * connection points (see changedDestinationPaths) and relies on stored database secrets, each of them
 * must be given again: otherwise whoever may edit the connection could point it at a server of
 * theirs and receive a password they were never shown. The tunnel's private key and passphrase are
 * exempt (public-key authentication never reveals them), and so is an empty secret.
 */
export function requireSecretsForNewDestination(
  registry: ConnectionTypeRegistry,
  type: ConnectionType,
  stored: Json,
  updated: Json,
  kept: ReadonlyMap<string, string>,
): void {
  const changed = changedDestinationPaths(type, stored, updated, registry);
  if (changed.length === 0) return;
  const missing = definitionOf(registry, type).secretPaths.filter((path) => (kept.get(path) ?? "") !== "");
  if (missing.length === 0) return;
  const moved = changed.map((path) => `config.${path}`).join(", ");
  const details: FieldError[] = missing.map((path) => ({
    path: `config.${path}`,
    code: "SECRET_REQUIRED",
    message: `must be entered again: the connection's destination changed (${moved}), and a stored secret is only sent where it was entered for`,
  }));
  throw new AppError(
    "SECRETS_REQUIRED",
    `This update changes where the connection points (${moved}): give ${missing.map((path) => `config.${path}`).join(" and ")} again, or leave the destination as it is`,
    details,
  );
}
