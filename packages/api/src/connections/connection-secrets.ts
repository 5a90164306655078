import { AppError, type ConnectionType, type ConnectionTypeRegistry } from "@connections/core";
import { DecryptionError, type Keyring } from "@connections/db";
import { getPath, lastKey, parentOf } from "./object-paths.ts";

type Json = Record<string, unknown>;

/** The row a secret belongs to; its kind and id are bound into each ciphertext as associated data. */
export interface SecretOwner {
  kind: "connection" | "chat-connector";
  id: string;
}

function associatedData(owner: SecretOwner, path: string): string {
  return `${owner.kind}:${owner.id}:${path}`;
}

/** Moves every secret field out of a config: returns the config without them and the secrets. */
export function splitSecrets(
  registry: ConnectionTypeRegistry,
  type: ConnectionType,
  config: Json,
): { config: Json; secrets: Map<string, string> } {
  const copy = structuredClone(config);
  const secrets = new Map<string, string>();
  for (const path of registry.secretPathsOf(type)) {
    const value = getPath(copy, path);
    const parent = parentOf(copy, path);
    if (parent) delete parent[lastKey(path)];
    if (typeof value === "string") secrets.set(path, value);
  }
  return { config: copy, secrets };
}

/** Encrypts each secret bound to its row and field; the map keys stay readable. */
export function sealSecrets(keyring: Keyring, owner: SecretOwner, secrets: Map<string, string>): string {
  const sealed: Record<string, string> = {};
  for (const [path, value] of secrets) sealed[path] = keyring.encrypt(value, associatedData(owner, path));
  return JSON.stringify(sealed);
}

/** Decrypts a row's secrets; an altered or misplaced ciphertext fails the whole call. */
export function openSecrets(keyring: Keyring, owner: SecretOwner, sealed: string): Map<string, string> {
  const entries = Object.entries(JSON.parse(sealed) as Record<string, string>);
  try {
    return new Map(entries.map(([path, ciphertext]) => [path, keyring.decrypt(ciphertext, associatedData(owner, path))]));
  } catch (error) {
    if (DecryptionError.is(error)) throw new AppError("SECRET_UNREADABLE", error.message);
    throw error;
  }
}

/** Which secret fields are stored, without decrypting anything. */
export function storedSecretPaths(sealed: string): Set<string> {
  return new Set(Object.keys(JSON.parse(sealed) as Record<string, string>));
}
