import type { Database } from "@connections/db";

/**
 * Every row of every table (migration bookkeeping aside), so a refused call can be shown to
 * have written nothing at all: no row, no counter, no timestamp. The audit log is left out: it
 * records the refusal itself, and its own tests count those rows.
 */
export async function databaseSnapshot(db: Database): Promise<Record<string, unknown[]>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_prisma_migrations', 'AuditEvent') ORDER BY name",
  );
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) snapshot[name] = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}" ORDER BY rowid`);
  return snapshot;
}
