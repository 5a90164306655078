import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { generateMasterKey, migrate } from "@connections/db";
import { startNextServer, startPostgres, type PostgresServer } from "@connections/testkit";
import type { ApiTarget } from "./api-target.ts";
import { RAISED_CALL_LIMITS } from "./raised-call-limits.ts";

export const WEB_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** Global setup body: a migrated database and the built server on it; returns the teardown. */
export async function startApiTarget(project: TestProject, provider: ApiTarget["provider"]): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), `connections-api-${provider}-`));
  let postgres: PostgresServer | undefined;
  try {
    postgres = provider === "postgresql" ? await startPostgres() : undefined;
    const databaseUrl = postgres?.url ?? `file:${join(dir, "connections.db")}`;
    const encryptionKey = generateMasterKey("test1");
    await migrate(databaseUrl);
    const server = await startNextServer(WEB_DIR, {
      DATABASE_URL: databaseUrl,
      CONNECTIONS_ENCRYPTION_KEY: encryptionKey,
      LOG_LEVEL: "warn",
      ...RAISED_CALL_LIMITS,
    });
    project.provide("api", {
      baseUrl: server.baseUrl,
      databaseUrl,
      encryptionKey,
      provider,
      webDir: WEB_DIR,
      logFile: server.process.logFile,
      pid: server.process.pid,
    });
    return async () => {
      await server.stop();
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  } catch (error) {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
