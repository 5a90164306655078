import { join } from "node:path";
import { createPrismaClient, generateMasterKey, Keyring, migrate, parseMasterKey } from "@connections/db";
import { scratchDir } from "@connections/testkit";
import { tunnelEnv } from "@connections/tunnel";
import type { ConnectionTypes } from "../../../src/connection-types.ts";
import type { ServiceContext } from "../../../src/context.ts";
import { apiEnv } from "../../../src/env.ts";
import { serviceContextOf } from "../../../src/service-context.ts";
import type { EventLog } from "../../../src/throttle/throttle.ts";

export interface LoggedEvent {
  fields: Record<string, unknown>;
  message: string;
}

export interface ScratchServices extends ServiceContext {
  databaseUrl: string;
  masterKey: string;
  /** What the throttle logged (sign-in failures, locks, refused calls), in order. */
  events: LoggedEvent[];
  close(): Promise<void>;
}

export interface ScratchOptions {
  /** Throttle variables (CONNECTIONS_SIGN_IN_*, CONNECTIONS_CALLS_*) as the environment would give them. */
  throttle?: Record<string, string>;
  /** Master keys: the current one, then older ones still accepted for decryption. */
  keys?: string[];
  /** Open this database (another context's) instead of a fresh one. */
  databaseUrl?: string;
  /** Connection types and drivers other than the product's own. */
  connectionTypes?: ConnectionTypes;
  /** Cache windows (CONNECTIONS_ACCESS_KEY_CACHE_MS, CONNECTIONS_CONNECTION_CACHE_MS) as the environment would give them. */
  caches?: Record<string, string>;
  /** The agent endpoint's variables (CONNECTIONS_AGENT_*); it is off unless a test starts it. */
  agents?: Record<string, string>;
}

/**
 * The service context a server process builds, on a fresh SQLite file migrated with the
 * project's own migrator: every test file gets a database no other file sees.
 */
export async function openScratchServices(options: ScratchOptions = {}): Promise<ScratchServices> {
  const databaseUrl = options.databaseUrl ?? `file:${join(scratchDir("service"), "connections.db")}`;
  await migrate(databaseUrl);
  const [current = generateMasterKey("svc1"), ...previous] = options.keys ?? [];
  const events: LoggedEvent[] = [];
  const log: EventLog = { warn: (fields, message) => events.push({ fields, message }) };
  const db = createPrismaClient(databaseUrl);
  const keyring = new Keyring(
    parseMasterKey(current, "test key"),
    previous.map((key) => parseMasterKey(key, "previous test key")),
  );
  const context = serviceContextOf({
    db,
    keyring,
    settings: {
      api: apiEnv({ CONNECTIONS_AGENT_SSH_PORT: "0", ...options.throttle, ...options.caches, ...options.agents }),
      tunnel: tunnelEnv({}),
    },
    log,
    connectionTypes: options.connectionTypes,
  });
  const services: ScratchServices = {
    ...context,
    databaseUrl,
    masterKey: current,
    events,
    async close() {
      context.sessions.closeAll();
      context.tunnels.closeAll();
      await context.agents.close();
      await db.$disconnect();
    },
  };
  return services;
}
