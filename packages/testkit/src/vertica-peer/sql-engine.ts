// The real SQL engine behind the peer: an in-memory better-sqlite3 database. It executes
// statements and describes their result columns in Vertica terms (type OIDs, table origin), and
// reproduces Vertica's habit of answering INSERT/UPDATE/DELETE with a one-row "OUTPUT" result.
import Database from "better-sqlite3";
import { VerticaType } from "./protocol.ts";
import { commandTag, countPlaceholders, splitStatements } from "./sql-text.ts";
import { encodeValue, oidFromDeclaredType, oidFromValue, type SqlValue } from "./value-codec.ts";

export interface ResultColumn {
  name: string;
  typeOid: number;
  tableOid?: bigint;
  tableName?: string;
  attributeNumber?: number;
}

export interface ExecResult {
  /** null: the statement returns no result set (RowDescription is replaced by NoData). */
  columns: ResultColumn[] | null;
  rows: (string | null)[][];
  tag: string;
}

export interface PreparedSql {
  text: string;
  tag: string;
  /** One OID per `?`; we report VARCHAR and let SQLite's type affinity coerce the text. */
  paramTypes: number[];
  /** Known before execution, as Describe(statement) must report it. */
  columns: ResultColumn[] | null;
  execute(params: SqlValue[]): ExecResult;
}

/** Tags for which Vertica returns the affected-row count as a result set named OUTPUT. */
const OUTPUT_TAGS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);
const outputColumn: ResultColumn = { name: "OUTPUT", typeOid: VerticaType.Integer };

type Stmt = Database.Statement<unknown[], unknown>;

export class SqlEngine {
  private readonly db: Database.Database;
  /** Vertica table OIDs are large 64-bit numbers; any stable, non-zero value per table will do. */
  private readonly tableOids = new Map<string, bigint>();

  constructor() {
    this.db = new Database(":memory:");
  }

  /** Runs setup SQL (several statements allowed) directly, outside any client session. */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  close(): void {
    this.db.close();
  }

  /** Simple-query protocol: statements run one by one; types may be inferred from the data. */
  *runScript(sql: string): Generator<ExecResult> {
    for (const text of splitStatements(sql)) {
      const stmt = this.db.prepare(text) as Stmt;
      yield this.run(stmt, text, [], undefined);
    }
  }

  /** Extended protocol: compile once, describe before execution, execute per Bind. */
  prepare(text: string): PreparedSql {
    const stmt = this.db.prepare(text) as Stmt;
    const tag = commandTag(text);
    const paramCount = countPlaceholders(text);
    const columns = this.describe(stmt, tag, paramCount);
    return {
      text,
      tag,
      paramTypes: Array.from({ length: paramCount }, () => VerticaType.Varchar),
      columns,
      execute: (params) => this.run(stmt, text, params, columns),
    };
  }

  private run(stmt: Stmt, text: string, params: SqlValue[], described: ResultColumn[] | null | undefined): ExecResult {
    const tag = commandTag(text);
    if (!stmt.reader) {
      const info = stmt.run(...params);
      return OUTPUT_TAGS.has(tag) ? { columns: [outputColumn], rows: [[String(info.changes)]], tag } : { columns: null, rows: [], tag };
    }
    const raw = stmt
      .raw(true)
      .safeIntegers(true)
      .all(...params) as SqlValue[][];
    // Types already announced by Describe must be kept; otherwise infer from declared type/data.
    const columns = described ?? this.columnsOf(stmt, (i) => raw.find((r) => r[i] !== null)?.[i] ?? null);
    const rows = raw.map((r) => r.map((v, i) => encodeValue(v, columns[i]!.typeOid)));
    return { columns, rows, tag };
  }

  private describe(stmt: Stmt, tag: string, paramCount: number): ResultColumn[] | null {
    if (!stmt.reader) return OUTPUT_TAGS.has(tag) ? [outputColumn] : null;
    // Expressions have no declared type; a read-only dry run with NULL parameters gives a sample
    // value for constant expressions. Side-effect free because the statement is read-only.
    let sample: SqlValue[] | undefined;
    const needsSample = stmt.columns().some((c) => !c.type);
    if (needsSample && stmt.readonly) {
      const it = stmt
        .raw(true)
        .safeIntegers(true)
        .iterate(...Array(paramCount).fill(null)) as IterableIterator<SqlValue[]>;
      sample = it.next().value ?? undefined;
      it.return?.();
    }
    return this.columnsOf(stmt, (i) => sample?.[i] ?? null);
  }

  private columnsOf(stmt: Stmt, sampleAt: (i: number) => SqlValue): ResultColumn[] {
    return stmt.columns().map((c, i) => {
      const typeOid = oidFromDeclaredType(c.type) ?? oidFromValue(sampleAt(i)) ?? VerticaType.Varchar;
      if (!c.table || !c.column) return { name: c.name, typeOid };
      return {
        name: c.name,
        typeOid,
        tableOid: this.tableOid(c.table),
        tableName: c.table,
        attributeNumber: this.attributeNumber(c.table, c.column),
      };
    });
  }

  private tableOid(table: string): bigint {
    let oid = this.tableOids.get(table);
    if (oid === undefined) {
      oid = 45035996273704960n + BigInt(this.tableOids.size + 1) * 2n;
      this.tableOids.set(table, oid);
    }
    return oid;
  }

  private attributeNumber(table: string, column: string): number {
    const info = this.db.pragma(`table_info("${table.replace(/"/g, '""')}")`) as { cid: number; name: string }[];
    const found = info.find((c) => c.name === column);
    return found ? found.cid + 1 : 0;
  }
}
