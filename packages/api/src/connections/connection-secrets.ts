import { AppError, secretPathsOf, type ConnectionType } from "@connections/core";
import { DecryptionError, type Keyring } from "@connections/db";
import { getPath, lastKey, parentOf } from "./object-paths.ts";

type Json = Record<string, unknown>;

function associatedData(connectionId: string, path: string): string {
  return `connection:${connectionId}:${path}`;
}

/** Moves every secret field out of a config: returns the config without them and the secrets. */
export function splitSecrets(type: ConnectionType, config: Json): { config: Json; secrets: Map<string, string> } {
  const copy = structuredClone(config);
  const secrets = new Map<string, string>();
  for (const path of secretPathsOf(type)) {
    const value = getPath(copy, path);
    const parent = parentOf(copy, path);
    if (parent) delete parent[lastKey(path)];
    if (typeof value === "string") secrets.set(path, value);
  }
  return { config: copy, secrets };
}

/** Encrypts each secret bound to this connection and field; the map keys stay readable. */
export function sealSecrets(keyring: Keyring, connectionId: string, secrets: Map<string, string>): string {
  const sealed: Record<string, string> = {};
  for (const [path, value] of secrets) sealed[path] = keyring.encrypt(value, associatedData(connectionId, path));
  return JSON.stringify(sealed);
}

/** Decrypts a connection's secrets; an altered or misplaced ciphertext fails the whole call. */
export function openSecrets(keyring: Keyring, connectionId: string, sealed: string): Map<string, string> {
  const entries = Object.entries(JSON.parse(sealed) as Record<string, string>);
  try {
    return new Map(entries.map(([path, ciphertext]) => [path, keyring.decrypt(ciphertext, associatedData(connectionId, path))]));
  } catch (error) {
    if (DecryptionError.is(error)) throw new AppError("SECRET_UNREADABLE", error.message);
    throw error;
  }
}

/** Which secret fields are stored, without decrypting anything. */
export function storedSecretPaths(sealed: string): Set<string> {
  return new Set(Object.keys(JSON.parse(sealed) as Record<string, string>));
}
