import type { z } from "zod";
import {
  chatConnectorSchemas,
  connectionInputSchemas,
  CONNECTION_TYPE_REGISTRY,
  type AnyConnectionTypeDefinition,
  type ConnectionTypeDefinitions,
  type ConnectionTypeRegistry,
} from "@connections/core";
import { BUILT_IN_DRIVERS, driverMap, type DriverMap } from "@connections/drivers";

/**
 * The connection types a context serves: their registry (schemas, secret and destination paths)
 * and one driver per type. Services read them here, never from module scope, so a registry with
 * another type runs through the same code.
 */
export interface ConnectionTypes {
  registry: ConnectionTypeRegistry;
  /** Each ending every query by its deadline (see driverMap). */
  drivers: DriverMap<AnyConnectionTypeDefinition>;
  /** Each type's config schema with Chat's stricter bastion block, built once. */
  chatConfigs: Readonly<Record<string, z.ZodType>>;
  /**
   * The connection request bodies of these types, built once, for the REST routes. Typed as the
   * product's own (the services' input types); the parse at run time uses these types' schemas.
   */
  inputs: ReturnType<typeof connectionInputSchemas<ConnectionTypeDefinitions>>;
}

export function connectionTypesOf<D extends AnyConnectionTypeDefinition>(
  registry: ConnectionTypeRegistry<D>,
  drivers: DriverMap<D>,
): ConnectionTypes {
  return {
    registry: registry as unknown as ConnectionTypeRegistry,
    drivers: driverMap(registry, drivers) as DriverMap<AnyConnectionTypeDefinition>,
    chatConfigs: chatConnectorSchemas(registry).configs as Readonly<Record<string, z.ZodType>>,
    inputs: connectionInputSchemas(registry) as unknown as ConnectionTypes["inputs"],
  };
}

/** The product's five types and their drivers. */
export const BUILT_IN_CONNECTION_TYPES = connectionTypesOf(CONNECTION_TYPE_REGISTRY, BUILT_IN_DRIVERS);

// A stored row of a type the registry lacks is a deployment error, not the caller's.
function present<V>(value: V | undefined, type: string): V {
  if (value === undefined) throw new Error(`Connection type ${type} is not in this server's registry`);
  return value;
}

export function definitionOf(registry: ConnectionTypeRegistry, type: string): AnyConnectionTypeDefinition {
  return present((registry.byType as Readonly<Record<string, AnyConnectionTypeDefinition | undefined>>)[type], type);
}

export function driverOf(drivers: DriverMap<AnyConnectionTypeDefinition>, type: string): DriverMap<AnyConnectionTypeDefinition>[string] {
  return present(drivers[type], type);
}

export function chatConfigOf(types: ConnectionTypes, type: string): z.ZodType {
  return present(types.chatConfigs[type], type);
}
