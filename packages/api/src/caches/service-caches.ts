import type { KnownAccessKey } from "../auth/known-access-key.ts";
import type { CachedConnection } from "../connections/cached-connection.ts";
import type { CacheSettings } from "./cache-settings.ts";
import { ExpiringCache } from "./expiring-cache.ts";

/** What this process remembers between requests to spare a database read; see cache-settings.ts. */
export interface ServiceCaches {
  accessKeys: ExpiringCache<KnownAccessKey>;
  connections: ExpiringCache<CachedConnection>;
}

export function serviceCachesOf(settings: CacheSettings): ServiceCaches {
  return { accessKeys: new ExpiringCache(settings.accessKeyMs), connections: new ExpiringCache(settings.connectionMs) };
}
