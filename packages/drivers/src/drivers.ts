import {
  clickhouseType,
  CONNECTION_TYPE_REGISTRY,
  mysqlType,
  postgresqlType,
  trinoType,
  verticaType,
  type AnyConnectionTypeDefinition,
  type ConfigOfType,
  type ConnectionType,
  type ConnectionTypeDefinitions,
  type ConnectionTypeRegistry,
} from "@connections/core";
import { clickhouseDriver } from "./clickhouse-driver.ts";
import type { ConfigDriver } from "./driver.ts";
import { mysqlDriver } from "./mysql-driver.ts";
import { postgresqlDriver } from "./postgresql-driver.ts";
import { withQueryDeadline } from "./query-deadline.ts";
import { trinoDriver } from "./trino-driver.ts";
import { verticaDriver } from "./vertica-driver.ts";

/** One driver per type of a registry, each typed for its own config: a type without one fails to compile. */
export type DriverMap<D extends AnyConnectionTypeDefinition> = { readonly [T in D["type"]]: ConfigDriver<ConfigOfType<D, T>> };

/** The drivers of a registry's types, each ending every query by its deadline (see withQueryDeadline). */
export function driverMap<D extends AnyConnectionTypeDefinition>(registry: ConnectionTypeRegistry<D>, drivers: DriverMap<D>): DriverMap<D> {
  const map: Partial<Record<string, ConfigDriver<never>>> = {};
  for (const type of registry.names) map[type] = withQueryDeadline(drivers[type]);
  return map as DriverMap<D>;
}

/** The product's drivers, one per type of the default registry. */
export const BUILT_IN_DRIVERS: DriverMap<ConnectionTypeDefinitions> = {
  [postgresqlType.type]: postgresqlDriver,
  [mysqlType.type]: mysqlDriver,
  [clickhouseType.type]: clickhouseDriver,
  [verticaType.type]: verticaDriver,
  [trinoType.type]: trinoDriver,
};

const DRIVERS = driverMap(CONNECTION_TYPE_REGISTRY, BUILT_IN_DRIVERS);

export function driverFor<T extends ConnectionType>(type: T): DriverMap<ConnectionTypeDefinitions>[T] {
  return DRIVERS[type];
}
