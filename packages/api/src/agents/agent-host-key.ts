import type { Database, Keyring } from "@connections/db";
import { generateKeyPair, parsePrivateKey, type UsableKey } from "@connections/tunnel";
import { isUniqueViolation } from "../prisma-errors.ts";

const SETTING = "agent.host_key";

/**
 * The agent endpoint's host key: generated on the first start and kept encrypted in the database,
 * bound to its setting, so every instance on a shared database shows agents the same key. Two
 * instances starting at once both generate; the first write wins and the other reads it.
 */
export async function agentHostKey(db: Database, keyring: Keyring): Promise<UsableKey> {
  const stored = await db.setting.findUnique({ where: { key: SETTING } });
  if (stored) return parsePrivateKey(keyring.decrypt(stored.value, SETTING));
  const generated = await generateKeyPair("connections-agent-endpoint");
  try {
    await db.setting.create({ data: { key: SETTING, value: keyring.encrypt(generated.privateKey, SETTING) } });
    return generated;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return agentHostKey(db, keyring);
  }
}

/** `encryption rotate`: the host key under the current master key; false when it already was (or is absent). */
export async function rotateAgentHostKey(db: Database, keyring: Keyring): Promise<boolean> {
  const stored = await db.setting.findUnique({ where: { key: SETTING } });
  if (!stored || !keyring.isStale(stored.value)) return false;
  const value = keyring.encrypt(keyring.decrypt(stored.value, SETTING), SETTING);
  const { count } = await db.setting.updateMany({ where: { key: SETTING, value: stored.value }, data: { value } });
  return count === 1;
}
