export { Keyring, DecryptionError } from "./crypto/keyring.ts";
export { MasterKeyError, generateMasterKey, parseMasterKey } from "./crypto/master-key.ts";
export { verifyMasterKey } from "./crypto/verify-master-key.ts";
export { parseDatabaseUrl, type DatabaseTarget } from "./database-url.ts";
export { databaseUrl, dbEnv, type DbEnv } from "./env.ts";
export { migrate } from "./migrate/migrate.ts";
export { createPrismaClient, type Database } from "./prisma-client.ts";
export { insertRows } from "./insert-rows.ts";
export { projectRoot } from "./project-root.ts";
