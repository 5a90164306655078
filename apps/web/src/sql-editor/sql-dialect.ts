import { MySQL, PostgreSQL, StandardSQL, type SQLDialect } from "@codemirror/lang-sql";
import type { ConnectionType } from "@connections/core";

// Types without a dialect of their own in lang-sql highlight as standard SQL.
const DIALECTS: Partial<Record<ConnectionType, SQLDialect>> = {
  "dynamiq.connections.PostgreSQL": PostgreSQL,
  "dynamiq.connections.MySQL": MySQL,
};

/** The SQL dialect the editor highlights for a connection type. */
export function sqlDialectFor(type: ConnectionType): SQLDialect {
  return DIALECTS[type] ?? StandardSQL;
}
