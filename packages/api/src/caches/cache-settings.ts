import { wholeNumberVariable } from "@connections/core";
import type { z } from "zod";

export const CACHE_VARIABLES = {
  accessKeyMs: "CONNECTIONS_ACCESS_KEY_CACHE_MS",
  connectionMs: "CONNECTIONS_CONNECTION_CACHE_MS",
} as const;

// Access keys: off by default. Operators revoke keys with the CLI, another process, so only the
// window bounds how long a revoked key still works; the default keeps "refused on the next call".
// Connections: a second. Changes made through this process are seen at once; another instance's
// edit or delete is seen within the window.
const DEFAULTS = { accessKeyMs: 0, connectionMs: 1000 } as const;
const MAX_MS = 60_000;

export interface CacheSettings {
  /** How long a verified access key is believed without reading its row again; 0: never cached. */
  accessKeyMs: number;
  /** How long a connection's row and decrypted config are reused for reads and queries; 0: never cached. */
  connectionMs: number;
}

const milliseconds = (name: keyof typeof DEFAULTS) =>
  wholeNumberVariable({
    min: 0,
    max: MAX_MS,
    fallback: DEFAULTS[name],
    problem: (text) =>
      `${CACHE_VARIABLES[name]} must be a whole number of milliseconds from 0 to ${MAX_MS.toLocaleString("en")}, not "${text}"`,
  });

/** The caches' variables, each with its default; composed into the api package's env schema. */
export const cacheEnvShape = {
  [CACHE_VARIABLES.accessKeyMs]: milliseconds("accessKeyMs"),
  [CACHE_VARIABLES.connectionMs]: milliseconds("connectionMs"),
};

type CacheEnv = z.output<z.ZodObject<typeof cacheEnvShape>>;

export function cacheSettingsOf(env: CacheEnv): CacheSettings {
  return { accessKeyMs: env[CACHE_VARIABLES.accessKeyMs], connectionMs: env[CACHE_VARIABLES.connectionMs] };
}
