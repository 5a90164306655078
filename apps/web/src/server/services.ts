import "server-only";
import { openServiceContext, startAgentEndpoint, startAuditRetention, type ServiceContext } from "@connections/api";
import { logger } from "./logger.ts";

// One service context per server process, shared by every route (and kept across dev reloads).
const cache = globalThis as typeof globalThis & { __connectionsServices?: Promise<ServiceContext> };

export function services(): Promise<ServiceContext> {
  cache.__connectionsServices ??= openServiceContext(logger)
    .then(async (ctx) => {
      await startAgentEndpoint(ctx, logger);
      startAuditRetention(ctx, logger);
      return ctx;
    })
    .catch((error: unknown) => {
      cache.__connectionsServices = undefined;
      throw error;
    });
  return cache.__connectionsServices;
}
