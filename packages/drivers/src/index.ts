export type { DatabaseDriver, DatabaseSession, DriverContext, QueryOptions } from "./driver.ts";
export { driverFor } from "./drivers.ts";
