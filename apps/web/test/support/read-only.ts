import { expect } from "vitest";
import { createConnection, query } from "./connections.ts";
import type { Tenant } from "./fixtures.ts";

export interface ReadOnlyCase {
  /** CREATE TABLE read_only_probe in the type's dialect, when the plain one does not do. */
  createProbe?: string;
  /**
   * Ways a caller might try to get a write past a read-only connection: each runs (and may fail),
   * then an INSERT runs on the same connection's pooled sessions.
   */
  readOnlyEscapes: string[];
  /** More writes in the type's dialect, each refused with READ_ONLY_VIOLATION like INSERT. */
  moreWrites?: string[];
  /** A query on the seeded `items` table (ids 1..3) and the ids it must return. */
  paramQuery: { sql: string; params: unknown[]; ids: unknown[] };
}

const INSERT = "INSERT INTO items (id, name) VALUES (99, 'written')";

/**
 * SPEC §12 on a database whose `items` table has 3 rows: writes on a read-only connection fail
 * with READ_ONLY_VIOLATION, escapes included; reads work; a writable connection to the same
 * database then sees the 3 rows and no probe table.
 */
export async function expectReadOnlyEnforced(tenant: Tenant, type: string, config: Record<string, unknown>, c: ReadOnlyCase) {
  const readOnly = await createConnection(tenant, type, config, undefined, { read_only: true });
  const writes = [INSERT, c.createProbe ?? "CREATE TABLE read_only_probe (id INTEGER)", "DROP TABLE items", ...(c.moreWrites ?? [])];
  for (const sql of writes) {
    await expectReadOnlyViolation(tenant, readOnly, sql);
  }
  for (const escape of c.readOnlyEscapes) {
    await query(tenant, readOnly, escape);
    await expectReadOnlyViolation(tenant, readOnly, INSERT);
  }
  const read = await query(tenant, readOnly, c.paramQuery.sql, c.paramQuery.params);
  expect(read.status, read.text).toBe(200);
  expect(read.body.data.rows.map((row: unknown[]) => row[0])).toEqual(c.paramQuery.ids);

  const writable = await createConnection(tenant, type, config);
  const count = await query(tenant, writable, "SELECT count(*) FROM items");
  expect(count.status, count.text).toBe(200);
  expect(Number(count.body.data.rows[0][0])).toBe(3);
  const probe = await query(tenant, writable, "SELECT * FROM read_only_probe");
  expect(probe.status, probe.text).toBe(422);
  expect(probe.body.error.code).toBe("QUERY_FAILED");
}

async function expectReadOnlyViolation(tenant: Tenant, id: string, sql: string): Promise<void> {
  const refused = await query(tenant, id, sql);
  expect(refused.status, `${sql}: ${refused.text}`).toBe(403);
  expect(refused.body.error, sql).toMatchObject({
    code: "READ_ONLY_VIOLATION",
    details: { stage: "query", code: "READ_ONLY_VIOLATION", hint: expect.stringContaining("read-only") },
  });
}

/**
 * Trino and Vertica have no read-only session here, so these are refused before sending; were one
 * sent, the peer's SQLite engine would run it and the count of rows would show it.
 */
export const REFUSED_BEFORE_SENDING = [
  "SELECT 1; INSERT INTO items (id, name) VALUES (98, 'written')",
  "WITH n AS (SELECT 1) INSERT INTO items (id, name) VALUES (98, 'written')",
  "EXPLAIN ANALYZE INSERT INTO items (id, name) VALUES (98, 'written')",
  "/* a comment first */ INSERT INTO items (id, name) VALUES (98, 'written')",
  // Read as one literal by a reader that does not know E'…' escapes, as two statements by Vertica.
  "SELECT E'\\'' ; INSERT INTO items (id, name) VALUES (98, 'written'); -- '",
  "SELECT * INTO TABLE copied FROM items",
  "UPDATE items SET name = 'written'",
  "DELETE FROM items",
];
