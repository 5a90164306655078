import { router } from "./init.ts";
import { connectionRouter } from "./routers/connection.ts";

export const appRouter = router({
  connection: connectionRouter,
});

export type AppRouter = typeof appRouter;
