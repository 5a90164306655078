// Prisma's SQL template tag: values become parameters, written in each provider's placeholder
// syntax when the statement runs, so one statement serves SQLite and PostgreSQL alike.
export { join, raw, sql, type Sql } from "./generated/sqlite/internal/prismaNamespace.ts";
