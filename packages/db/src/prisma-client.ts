import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { parseDatabaseUrl } from "./database-url.ts";
import { rememberTarget } from "./insert-rows.ts";
import { privateSqliteFile } from "./sqlite-file.ts";

/**
 * Both generated clients come from the same models file, so their query APIs are the same;
 * the SQLite client's type stands for both.
 */
export type Database = SqliteClient;

export function createPrismaClient(url: string): Database {
  const target = parseDatabaseUrl(url);
  let db: Database;
  if (target.provider === "postgresql") {
    db = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as unknown as Database;
  } else {
    privateSqliteFile(target.file);
    db = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: target.file, timeout: 10_000 }) });
  }
  rememberTarget(db, target);
  return db;
}
