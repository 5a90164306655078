import { createPrismaClient, databaseUrl, encryptionKeyEnv, Keyring, verifyMasterKey } from "@connections/db";
import { TunnelPool } from "@connections/tunnel";
import type { ServiceContext } from "./context.ts";
import { resultByteCeiling } from "./limits/result-byte-ceiling.ts";
import { WorkLimiter } from "./limits/work-limiter.ts";

/** Opens the database and checks the master key and the result ceiling; fails fast with a clear message. */
export async function openServiceContext(): Promise<ServiceContext> {
  const keyring = Keyring.fromEnv(encryptionKeyEnv());
  resultByteCeiling();
  const db = createPrismaClient(databaseUrl());
  await verifyMasterKey(db, keyring);
  return { db, keyring, tunnels: new TunnelPool(), limits: WorkLimiter.fromEnv() };
}
