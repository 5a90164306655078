import { createConnection } from "./connections.ts";
import { newTenant, type Tenant } from "./fixtures.ts";
import { signedInUser, type SignedInUser } from "./signed-in-user.ts";
import { trpcClient } from "./trpc-client.ts";
import { uniqueName, type World } from "./valid-inputs.ts";

/** A project with its access key, a signed-in member, and one connection and one chat connector of theirs. */
export interface TenantWorld extends World {
  tenant: Tenant;
  user: SignedInUser;
}

/** Stores a PostgreSQL connection (in the project) and chat connector (the user's) with `config`. */
export async function tenantWorld(label: string, privateKey: string, config: Record<string, unknown>): Promise<TenantWorld> {
  const tenant = await newTenant(label);
  const user = await signedInUser(tenant);
  const connectionId = await createConnection(tenant, "PostgreSQL", config, uniqueName(label));
  const chat = await trpcClient({ cookie: user.cookie }).chatConnector.create.mutate({
    name: uniqueName(label),
    type: "dynamiq.connections.PostgreSQL",
    config: config as never,
  });
  return { tenant, user, projectId: tenant.projectId, connectionId, chatConnectorId: chat.id, privateKey };
}
