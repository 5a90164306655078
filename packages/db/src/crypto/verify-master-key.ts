import type { Database } from "../prisma-client.ts";
import type { Keyring } from "./keyring.ts";
import { DecryptionError } from "./keyring.ts";
import { MasterKeyError } from "./master-key.ts";

const CANARY_KEY = "encryption.canary";
const CANARY_AD = `setting:${CANARY_KEY}`;

/**
 * Fails start-up when the configured master key cannot read this database's secrets, instead of
 * failing later on the first request that touches one. The first start writes the canary.
 */
export async function verifyMasterKey(db: Database, keyring: Keyring): Promise<void> {
  const canary = await db.setting.findUnique({ where: { key: CANARY_KEY } });
  if (!canary) {
    await db.setting.create({ data: { key: CANARY_KEY, value: keyring.encrypt(CANARY_KEY, CANARY_AD) } });
    return;
  }
  try {
    keyring.decrypt(canary.value, CANARY_AD);
  } catch (error) {
    if (!DecryptionError.is(error)) throw error;
    throw new MasterKeyError(
      `CONNECTIONS_ENCRYPTION_KEY cannot decrypt this database's secrets (${error.message}). Set the key this database was created with; after a rotation, keep the old key in CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS until \`encryption rotate\` has run.`,
    );
  }
  if (keyring.isStale(canary.value)) {
    await db.setting.update({ where: { key: CANARY_KEY }, data: { value: keyring.encrypt(CANARY_KEY, CANARY_AD) } });
  }
}
