import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiEnv,
  createChatConnector,
  createConnection,
  createProject,
  createUser,
  type ServiceContext,
  serviceContextOf,
} from "@connections/api";
import { createPrismaClient, generateMasterKey, Keyring, migrate, parseMasterKey, verifyMasterKey, type Database } from "@connections/db";
import { recordFigure, scratchDir, sshKeygen } from "@connections/testkit";
import { tunnelEnv } from "@connections/tunnel";
import { cli as adminCli } from "../support/admin-cli.ts";

// Its own database: rotating the shared test database would lock the running server out of it.
const dir = mkdtempSync(join(tmpdir(), "connections-rotate-"));
const databaseUrl = `file:${join(dir, "rotate.db")}`;
const oldKey = generateMasterKey("old");
const newKey = generateMasterKey("new");
const key = sshKeygen(scratchDir("rotate-keys"), "bastion");
let db: Database;
let before: Array<{ id: string; updatedAt: Date }>;

/** The CLI on this file's database, with no previous keys unless `env` gives them. */
function cli(env: Record<string, string>, ...args: string[]) {
  return adminCli(args, { DATABASE_URL: databaseUrl, CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS: "", ...env });
}

function contextWith(...keys: string[]): ServiceContext {
  const [current, ...previous] = keys.map((k) => parseMasterKey(k, "test key"));
  return serviceContextOf({ db, keyring: new Keyring(current!, previous), settings: { api: apiEnv({}), tunnel: tunnelEnv({}) } });
}

async function allCiphertexts(): Promise<string[]> {
  const rows = [...(await db.connection.findMany()), ...(await db.chatConnector.findMany())];
  return rows.flatMap((row) => Object.values(JSON.parse(row.secrets) as Record<string, string>));
}

beforeAll(async () => {
  await migrate(databaseUrl);
  db = createPrismaClient(databaseUrl);
  const ctx = contextWith(oldKey);
  await verifyMasterKey(db, ctx.keyring);
  const project = await createProject(ctx, "rotation");
  const principal = { kind: "access_key" as const, id: "test", projectIds: [project.id] };
  const base = { host: "10.0.12.34", port: 5432, database: "analytics", user: "reader" };
  await createConnection(ctx, principal, {
    name: "with-tunnel",
    project_id: project.id,
    type: "dynamiq.connections.PostgreSQL",
    config: {
      ...base,
      password: "db-secret-1",
      ssh_tunnel: { host: "bastion.example.com", port: 22, user: "dynamiq", private_key: key.privateKey },
    },
  });
  await createConnection(ctx, principal, {
    name: "direct",
    project_id: project.id,
    type: "dynamiq.connections.PostgreSQL",
    config: { ...base, password: "db-secret-2" },
  });
  const user = await createUser(ctx, { email: "rotate@example.com", password: "a long enough password", project_id: project.id });
  await createChatConnector(
    ctx,
    { kind: "user", id: user.id, projectIds: [project.id] },
    { name: "mine", type: "dynamiq.connections.PostgreSQL", config: { ...base, password: "chat-secret" } },
  );
  before = (await db.connection.findMany({ select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })).map((r) => ({ ...r }));
});

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run -s cli -- encryption rotate", () => {
  it("refuses to run without the old key, and changes nothing", async () => {
    const stored = await allCiphertexts();
    const result = await cli({ CONNECTIONS_ENCRYPTION_KEY: newKey }, "encryption", "rotate");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /CONNECTIONS_ENCRYPTION_KEY cannot decrypt this database's secrets.*CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS/,
    );
    expect(await allCiphertexts()).toEqual(stored);
  }, 60_000);

  it("re-encrypts every secret under the new key, keeping updated_at; the old key can then go", async () => {
    expect((await allCiphertexts()).every((c) => c.startsWith("v1:old:"))).toBe(true);
    const result = await cli({ CONNECTIONS_ENCRYPTION_KEY: newKey, CONNECTIONS_ENCRYPTION_PREVIOUS_KEYS: oldKey }, "encryption", "rotate");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      key_id: "new",
      connections_rewritten: 2,
      chat_connectors_rewritten: 1,
      secrets_rewritten: 4,
      rows_already_current: 0,
      agent_host_key_rewritten: false,
    });

    const ciphertexts = await allCiphertexts();
    expect(ciphertexts).toHaveLength(4);
    expect(ciphertexts.every((c) => c.startsWith("v1:new:"))).toBe(true);
    expect(
      (await db.connection.findMany({ select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })).map((r) => ({ ...r })),
    ).toEqual(before);

    // The new key alone reads every secret back.
    const onlyNew = contextWith(newKey);
    await verifyMasterKey(db, onlyNew.keyring);
    const passwords: string[] = [];
    for (const row of await db.connection.findMany({ orderBy: { name: "asc" } })) {
      const secrets = JSON.parse(row.secrets) as Record<string, string>;
      passwords.push(onlyNew.keyring.decrypt(secrets.password!, `connection:${row.id}:password`));
      if (secrets["ssh_tunnel.private_key"])
        expect(onlyNew.keyring.decrypt(secrets["ssh_tunnel.private_key"], `connection:${row.id}:ssh_tunnel.private_key`)).toBe(
          key.privateKey,
        );
    }
    expect(passwords).toEqual(["db-secret-2", "db-secret-1"]);
    const chat = await db.chatConnector.findFirstOrThrow();
    expect(onlyNew.keyring.decrypt(JSON.parse(chat.secrets).password, `chat-connector:${chat.id}:password`)).toBe("chat-secret");

    // And the old key alone no longer starts anything.
    const old = await cli({ CONNECTIONS_ENCRYPTION_KEY: oldKey }, "projects", "create", "--name", "x");
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/cannot decrypt this database's secrets/);
  }, 60_000);

  it("is safe to run again: nothing left to rewrite", async () => {
    const result = await cli({ CONNECTIONS_ENCRYPTION_KEY: newKey }, "encryption", "rotate");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      key_id: "new",
      connections_rewritten: 0,
      chat_connectors_rewritten: 0,
      secrets_rewritten: 0,
      rows_already_current: 3,
      agent_host_key_rewritten: false,
    });
    recordFigure({
      id: "R8",
      measure: "encryption rotate to a new master key",
      value:
        "without the old key: refused, 0 rows changed; with it: 4/4 secrets in 3 rows rewritten, all readable with the new key alone; old key alone refused; second run rewrites 0",
      target: "every secret re-encrypted; old key removable",
    });
  }, 60_000);
});
