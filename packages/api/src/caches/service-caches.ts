import type { KnownAccessKey } from "../auth/known-access-key.ts";
import type { CachedConnection } from "../connections/cached-connection.ts";
import type { PassedUnsavedTest } from "../connections/passed-unsaved-tests.ts";
import type { CacheSettings } from "./cache-settings.ts";
import { ExpiringCache } from "./expiring-cache.ts";

/** What this process remembers between requests to spare a database read; see cache-settings.ts. */
export interface ServiceCaches {
  accessKeys: ExpiringCache<KnownAccessKey>;
  connections: ExpiringCache<CachedConnection>;
  /** Passing tests of unsaved configs, by caller and config version: Create keeps one as the last test. */
  passedUnsavedTests: ExpiringCache<PassedUnsavedTest>;
}

// Long enough to fill in a name and press Create after Test; the cache bounds how many are kept.
const PASSED_TEST_MS = 10 * 60_000;

export function serviceCachesOf(settings: CacheSettings): ServiceCaches {
  return {
    accessKeys: new ExpiringCache(settings.accessKeyMs),
    connections: new ExpiringCache(settings.connectionMs),
    passedUnsavedTests: new ExpiringCache(PASSED_TEST_MS),
  };
}
