import { createPrismaClient, type Database, Keyring, verifyMasterKey } from "@connections/db";
import { TunnelPool, type TunnelEnv } from "@connections/tunnel";
import { Agents } from "./agents/agents.ts";
import { AuditLog } from "./audit/audit-log.ts";
import { serviceCachesOf } from "./caches/service-caches.ts";
import { BUILT_IN_CONNECTION_TYPES, type ConnectionTypes } from "./connection-types.ts";
import type { ServiceContext } from "./context.ts";
import { type ApiEnv, serverEnv } from "./env.ts";
import { WorkLimiter } from "./limits/work-limiter.ts";
import { SessionPool } from "./sessions/session-pool.ts";
import { type EventLog, Throttle } from "./throttle/throttle.ts";

/** Checks every setting (one error lists all bad values), opens the database and checks the master key. */
export async function openServiceContext(log?: EventLog): Promise<ServiceContext> {
  const settings = serverEnv();
  const keyring = Keyring.fromEnv(settings.db.encryptionKeys);
  const db = createPrismaClient(settings.db.databaseUrl);
  await verifyMasterKey(db, keyring);
  return serviceContextOf({ db, keyring, settings, log });
}

/**
 * A context from parsed settings (apiEnv and tunnelEnv of a record, in tests and tools that open
 * their own database). The connection types default to the product's own.
 */
export function serviceContextOf({
  db,
  keyring,
  settings,
  log,
  connectionTypes = BUILT_IN_CONNECTION_TYPES,
}: {
  db: Database;
  keyring: Keyring;
  settings: { api: ApiEnv; tunnel: TunnelEnv };
  log?: EventLog | undefined;
  connectionTypes?: ConnectionTypes | undefined;
}): ServiceContext {
  const { targetPolicy } = settings.tunnel;
  const throttle = new Throttle(settings.api.throttle, log);
  return {
    db,
    keyring,
    tunnels: new TunnelPool({ policy: targetPolicy }),
    agents: new Agents(settings.api.agents),
    sessions: new SessionPool(settings.api.sessions),
    limits: new WorkLimiter(settings.api.maxConcurrentCalls),
    throttle,
    targetPolicy,
    maxResultBytes: settings.api.maxResultBytes,
    connectionTypes,
    caches: serviceCachesOf(settings.api.caches),
    audit: new AuditLog(db, throttle.log, settings.api.auditRetentionDays),
  };
}
