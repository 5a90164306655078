import { join } from "node:path";
import { type EnvSource, optionalText, parseEnv } from "@connections/core";
import { z } from "zod";
import { projectRoot } from "./project-root.ts";

// The one place this package reads process.env.

const dbEnvSchema = z
  .object({
    /** Defaults to the embedded SQLite file under ./data/. */
    DATABASE_URL: optionalText,
    // Checked by Keyring.fromEnv, whose errors say how to make a key.
    CONNECTIONS_ENCRYPTION_KEY: z.string().optional(),
    CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS: z.string().optional(),
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL ?? `file:${join(projectRoot(), "data", "connections.db")}`,
    encryptionKeys: { current: env.CONNECTIONS_ENCRYPTION_KEY, previous: env.CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS },
  }));

export type DbEnv = z.output<typeof dbEnvSchema>;

/** This package's settings; an EnvError lists every bad value. */
export function dbEnv(source: EnvSource = process.env): DbEnv {
  return parseEnv(dbEnvSchema, source);
}

/** DATABASE_URL, defaulting to the embedded SQLite file under ./data/. */
export function databaseUrl(): string {
  return dbEnv().databaseUrl;
}
