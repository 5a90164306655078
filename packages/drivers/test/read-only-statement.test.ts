import { describe, expect, it } from "vitest";
import { TunnelError } from "@connections/tunnel";
import { readOnlyVerdict, refuseUnlessReading } from "../src/read-only-statement.ts";

describe("readOnlyVerdict (Trino and Vertica read-only connections)", () => {
  it.each([
    "SELECT 1",
    "select id, name from items where id > ? order by id",
    "  -- leading comment\n  SELECT 1;  ",
    "/* leading */ SELECT 1 -- trailing\n",
    "(SELECT 1) UNION (SELECT 2)",
    "WITH recent AS (SELECT id FROM items) SELECT * FROM recent",
    "VALUES (1, 'a')",
    "SHOW TABLES",
    "SHOW CREATE TABLE items",
    "DESCRIBE items",
    "EXPLAIN SELECT * FROM items",
    "EXPLAIN ANALYZE SELECT * FROM items",
    "SELECT 'it''s; DROP TABLE items' AS text",
    `SELECT "delete", "into" FROM "insert"`,
    "SELECT updated_at, created_by, deleted FROM audit WHERE action = 'update'",
    "SELECT replace(name, 'a', 'b'), comment, start FROM items",
    "SELECT * FROM items WHERE id = $1",
  ])("runs %j", (sql) => {
    expect(readOnlyVerdict(sql)).toEqual({ ok: true });
  });

  it.each([
    ["INSERT INTO items VALUES (4, 'x')", "INSERT statements do not run"],
    ["create table t (id int)", "CREATE statements do not run"],
    ["DROP TABLE items", "DROP statements do not run"],
    ["SET SESSION query_max_run_time = '1h'", "SET statements do not run"],
    ["START TRANSACTION", "START statements do not run"],
    ["CALL system.flush()", "CALL statements do not run"],
    ["-- comment\nDELETE FROM items", "DELETE statements do not run"],
    ["SELECT 1; INSERT INTO items VALUES (4, 'x')", "one statement per call"],
    ["SELECT 1;;", "one statement per call"],
    ["SELECT 1; -- done\n SELECT 2", "one statement per call"],
    ["WITH n AS (SELECT 1) INSERT INTO items SELECT * FROM n", "refuses INSERT"],
    ["EXPLAIN ANALYZE DELETE FROM items", "refuses DELETE"],
    ["SELECT * INTO TABLE copy FROM items", "refuses INTO"],
    ["SELECT E'\\'' ; INSERT INTO items VALUES (4, 'x'); -- '", "backslash"],
    ["SELECT '\\' FROM items", "backslash"],
    ["SELECT $$ text $$", "Dollar-quoted"],
    ["SELECT $tag$ text $tag$", "Dollar-quoted"],
    ["/* outer /* inner */ DELETE FROM items */ SELECT 1", "holds another /*"],
    ["/* never closed SELECT 1", "not closed"],
    ["SELECT 'open", "string literal is not closed"],
    ['SELECT "open', "quoted name is not closed"],
    ["", "empty"],
    ["-- only a comment", "empty"],
  ])("refuses %j", (sql, reason) => {
    const verdict = readOnlyVerdict(sql);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? "" : verdict.reason).toContain(reason);
  });

  it("throws READ_ONLY_VIOLATION at the query stage, refused by the service, with the reason as message", () => {
    let thrown: unknown;
    try {
      refuseUnlessReading("DROP TABLE items");
    } catch (error) {
      thrown = error;
    }
    expect(TunnelError.is(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      code: "READ_ONLY_VIOLATION",
      stage: "query",
      message: "DROP statements do not run on a read-only connection",
    });
    expect((thrown as TunnelError).hint).toContain("one SELECT, SHOW, DESCRIBE, EXPLAIN or WITH … SELECT statement per call");
    expect(() => refuseUnlessReading("SELECT 1")).not.toThrow();
  });
});
