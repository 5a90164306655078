import { createPrismaClient, databaseUrl, encryptionKeyEnv, Keyring, verifyMasterKey } from "@connections/db";
import { TunnelPool } from "@connections/tunnel";
import type { ServiceContext } from "./context.ts";
import { resultByteCeiling } from "./limits/result-byte-ceiling.ts";
import { WorkLimiter } from "./limits/work-limiter.ts";
import { type EventLog, Throttle } from "./throttle/throttle.ts";

/** Opens the database and checks the master key, limits and result ceiling; fails fast with a clear message. */
export async function openServiceContext(log?: EventLog): Promise<ServiceContext> {
  const keyring = Keyring.fromEnv(encryptionKeyEnv());
  const limits = WorkLimiter.fromEnv();
  const throttle = Throttle.fromEnv(log);
  resultByteCeiling();
  const db = createPrismaClient(databaseUrl());
  await verifyMasterKey(db, keyring);
  return { db, keyring, tunnels: new TunnelPool(), limits, throttle };
}
