import { join } from "node:path";
import { projectRoot } from "./project-root.ts";

// The one place this package reads process.env.

/** DATABASE_URL, defaulting to the embedded SQLite file under ./data/. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL?.trim() || `file:${join(projectRoot(), "data", "connections.db")}`;
}

export function encryptionKeyEnv(): { current: string | undefined; previous: string | undefined } {
  return { current: process.env.CONNECTIONS_ENCRYPTION_KEY, previous: process.env.CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS };
}
