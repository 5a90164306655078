export type { ConfigDriver, DatabaseDriver, DatabaseSession, DriverContext, QueryOptions } from "./driver.ts";
export { driverFor, driverMap, type DriverMap } from "./drivers.ts";
