// The one place this package's scripts read process.env.

/** The environment the script was started with, plus `extra`, for a child process. */
export function childEnv(extra = {}) {
  return { ...process.env, ...extra };
}

/** An empty scratch PostgreSQL database the migration creator may diff against. */
export const SHADOW_DATABASE_URL = process.env.SHADOW_DATABASE_URL;

/** Print the schema engine's own log lines. */
export const DEBUG = Boolean(process.env.DEBUG);
