import { CONNECTION_TYPE_REGISTRY, type AnyConnectionTypeDefinition, type ConnectionTypeRegistry } from "@connections/core";
import { router } from "./init.ts";
import { agentRouter } from "./routers/agent.ts";
import { auditRouter } from "./routers/audit.ts";
import { chatConnectorRouterOf } from "./routers/chat-connector.ts";
import { connectionRouterOf } from "./routers/connection.ts";
import { tunnelRouter } from "./routers/tunnel.ts";

/** The API's procedures, checking inputs and outputs against `registry`'s types. */
export function createAppRouter<D extends AnyConnectionTypeDefinition>(registry: ConnectionTypeRegistry<D>) {
  return router({
    connection: connectionRouterOf(registry),
    chatConnector: chatConnectorRouterOf(registry),
    agent: agentRouter,
    audit: auditRouter,
    tunnel: tunnelRouter,
  });
}

export const appRouter = createAppRouter(CONNECTION_TYPE_REGISTRY);

export type AppRouter = typeof appRouter;
