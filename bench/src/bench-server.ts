// The built web app over a fresh SQLite file, with one project and an access key for its REST API.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiEnv, createAccessKey, createProject, serviceContextOf } from "@connections/api";
import { createPrismaClient, generateMasterKey, Keyring, migrate, parseMasterKey } from "@connections/db";
import { startNextServer, type NextServer } from "@connections/testkit";
import { tunnelEnv } from "@connections/tunnel";

const WEB_DIR = fileURLToPath(new URL("../../apps/web/", import.meta.url));

export interface BenchServer {
  baseUrl: string;
  /** The server process. */
  pid: number;
  projectId: string;
  /** Bearer access key and JSON content type, for every request. */
  headers: Record<string, string>;
  stop(): Promise<void>;
}

/** `env` adds server settings (e.g. call limits) to the database, key and log level set here. */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), "connections-bench-api-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  const encryptionKey = generateMasterKey("bench");
  await migrate(databaseUrl);
  const db = createPrismaClient(databaseUrl);
  const cleanUp = async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  };
  let server: NextServer | undefined;
  try {
    server = await startNextServer(WEB_DIR, {
      DATABASE_URL: databaseUrl,
      CONNECTIONS_ENCRYPTION_KEY: encryptionKey,
      LOG_LEVEL: "warn",
      ...env,
    });
    const context = serviceContextOf({
      db,
      keyring: new Keyring(parseMasterKey(encryptionKey, "bench key")),
      settings: { api: apiEnv({}), tunnel: tunnelEnv({}) },
    });
    const project = await createProject(context, "bench");
    const { key } = await createAccessKey(context, project.id);
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const running = server;
    return {
      baseUrl: server.baseUrl,
      pid: server.process.pid,
      projectId: project.id,
      headers,
      stop: async () => {
        await running.stop();
        await cleanUp();
      },
    };
  } catch (error) {
    await server?.stop();
    await cleanUp();
    throw error;
  }
}
