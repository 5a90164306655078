export type { ConfigDriver, DatabaseDriver, DatabaseSession, DriverContext, QueryOptions } from "./driver.ts";
export type { SessionResult } from "./result-budget.ts";
export type { RowSink } from "./row-sink.ts";
export { BUILT_IN_DRIVERS, driverFor, driverMap, type DriverMap } from "./drivers.ts";
