import { parseDatabaseUrl } from "../database-url.ts";
import { migratePostgres } from "./migrate-postgres.ts";
import { migrateSqlite } from "./migrate-sqlite.ts";

/** Applies pending migrations from prisma/<provider>/migrations; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const target = parseDatabaseUrl(url);
  return target.provider === "postgresql" ? migratePostgres(target.url) : migrateSqlite(target.file);
}
