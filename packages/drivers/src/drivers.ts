import type { ConnectionType } from "@connections/core";
import { clickhouseDriver } from "./clickhouse-driver.ts";
import type { DatabaseDriver } from "./driver.ts";
import { mysqlDriver } from "./mysql-driver.ts";
import { postgresqlDriver } from "./postgresql-driver.ts";
import { withQueryDeadline } from "./query-deadline.ts";
import { trinoDriver } from "./trino-driver.ts";
import { verticaDriver } from "./vertica-driver.ts";

const DRIVERS: Record<ConnectionType, DatabaseDriver<never>> = {
  "dynamiq.connections.PostgreSQL": withQueryDeadline(postgresqlDriver as DatabaseDriver<never>),
  "dynamiq.connections.MySQL": withQueryDeadline(mysqlDriver as DatabaseDriver<never>),
  "dynamiq.connections.ClickHouse": withQueryDeadline(clickhouseDriver as DatabaseDriver<never>),
  "dynamiq.connections.Vertica": withQueryDeadline(verticaDriver as DatabaseDriver<never>),
  "dynamiq.connections.Trino": withQueryDeadline(trinoDriver as DatabaseDriver<never>),
};

export function driverFor(type: ConnectionType): DatabaseDriver {
  return DRIVERS[type] as DatabaseDriver;
}
