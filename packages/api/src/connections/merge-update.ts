import type { z } from "zod";
import { AppError, type ConnectionConfig, type ConnectionType, type ConnectionTypeRegistry } from "@connections/core";
import { keepHostKeyPin } from "./keep-host-key-pin.ts";
import { mergeStoredSecrets } from "./merge-secrets.ts";
import { requireSecretsForNewDestination } from "./require-secrets-again.ts";
import { readStoredConfig, type StoredRow } from "./stored-connection.ts";

/**
 * A PUT's config made whole, for connections and chat connectors alike: the stored secrets and
 * host key pin merged in (omitted keeps, `null` clears), validated against the type's schema, and
 * refused when it points somewhere new while relying on stored database secrets. Returns the
 * config to store and whether the stored private key was kept.
 */
export function mergeUpdatedConfig(
  registry: ConnectionTypeRegistry,
  type: ConnectionType,
  schema: z.ZodType,
  row: StoredRow,
  incoming: Record<string, unknown>,
  secrets: Map<string, string>,
): { config: ConnectionConfig; keptPrivateKey: boolean } {
  const stored = readStoredConfig(row).config;
  const merged = mergeStoredSecrets(registry, type, keepHostKeyPin(incoming, stored), secrets, stored);
  const validated = schema.safeParse(merged.config);
  if (!validated.success) throw AppError.fromZod(validated.error, ["config"]);
  const config = validated.data as ConnectionConfig;
  requireSecretsForNewDestination(registry, type, stored, config, merged.kept);
  return { config, keptPrivateKey: merged.kept.has("ssh_tunnel.private_key") };
}
