// What each driver runs: a simple and a parameterised query, and a ~50 MB result for throughput.
import { clickhouseType, mysqlType, postgresqlType, trinoType, type ConnectionType } from "@connections/core";
import type { BenchEnvironment } from "./environment.ts";

export type DriverName = keyof BenchEnvironment["configs"];

export interface Workload {
  driver: DriverName;
  type: ConnectionType;
  simple: string;
  parameterised: { sql: string; params: (i: number) => unknown[] };
  /** A result of `bulkRows` rows of 1,000 bytes of text. */
  bulk: (rows: number) => string;
}

export const BULK_ROW_BYTES = 1000;
// A literal, as not every engine here has repeat() (ClickHouse 18.16 does not).
const ROW = `'${"x".repeat(BULK_ROW_BYTES)}'`;

export const WORKLOADS: Workload[] = [
  {
    driver: "pg",
    type: postgresqlType.type,
    simple: "select 1",
    parameterised: { sql: "select $1::int as n", params: (i) => [i] },
    bulk: (rows) => `select ${ROW} from generate_series(1, ${rows})`,
  },
  {
    driver: "mysql2",
    type: mysqlType.type,
    simple: "select 1",
    parameterised: { sql: "select ? as n", params: (i) => [i] },
    bulk: (rows) => `select ${ROW} from seq_1_to_${rows}`,
  },
  {
    driver: "clickhouse",
    type: clickhouseType.type,
    simple: "select 1",
    parameterised: { sql: "select toInt32(?) as n", params: (i) => [i] },
    bulk: (rows) => `select ${ROW} from numbers(${rows})`,
  },
  {
    driver: "trino",
    type: trinoType.type,
    simple: "select 1",
    parameterised: { sql: "select ? as n", params: (i) => [i] },
    bulk: (rows) => `with recursive s(n) as (select 1 union all select n + 1 from s where n < ${rows}) select ${ROW} from s`,
  },
];
