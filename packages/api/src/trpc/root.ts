import { router } from "./init.ts";
import { chatConnectorRouter } from "./routers/chat-connector.ts";
import { connectionRouter } from "./routers/connection.ts";

export const appRouter = router({
  connection: connectionRouter,
  chatConnector: chatConnectorRouter,
});

export type AppRouter = typeof appRouter;
