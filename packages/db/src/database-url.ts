import { isAbsolute, resolve } from "node:path";
import { projectRoot } from "./project-root.ts";

export type DatabaseTarget = { provider: "sqlite"; file: string } | { provider: "postgresql"; url: string };

/** Which provider a DATABASE_URL selects; relative SQLite paths are taken from the project root. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (!path) throw new Error("DATABASE_URL file: needs a path, for example file:./data/connections.db");
    return { provider: "sqlite", file: isAbsolute(path) ? path : resolve(projectRoot(), path) };
  }
  throw new Error("DATABASE_URL must be file:<path> (SQLite) or postgres://… (PostgreSQL)");
}
