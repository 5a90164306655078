import { createConnection } from "./connections.ts";
import type { Tenant } from "./fixtures.ts";
import type { SignedInUser } from "./signed-in-user.ts";
import { trpcClient } from "./trpc-client.ts";
import { LOOPBACK_CONFIG, uniqueName, type World } from "./valid-inputs.ts";

/**
 * A new PostgreSQL connection of the tenant's project and chat connector of `owner`, so a test
 * starts from rows nothing else touched. No key: only the first, loopback input of an entry fits it.
 */
export async function freshWorld(tenant: Tenant, owner: SignedInUser, config: Record<string, unknown> = LOOPBACK_CONFIG): Promise<World> {
  const connectionId = await createConnection(tenant, "PostgreSQL", config, uniqueName("world"));
  const chat = await trpcClient({ cookie: owner.cookie }).chatConnector.create.mutate({
    name: uniqueName("world"),
    type: "dynamiq.connections.PostgreSQL",
    config: config as typeof LOOPBACK_CONFIG,
  });
  return { projectId: tenant.projectId, connectionId, chatConnectorId: chat.id, privateKey: "" };
}
