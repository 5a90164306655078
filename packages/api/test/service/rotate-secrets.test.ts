import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMasterKey } from "@connections/db";
import { agentHostKey } from "../../src/agents/agent-host-key.ts";
import { rotateSecrets } from "../../src/secrets/rotate-secrets.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Tenant } from "./support/world.ts";

const OLD_KEY = generateMasterKey("old1");
const NEW_KEY = generateMasterKey("new1");

let before: ScratchServices;
let during: ScratchServices;
let after: ScratchServices;
let tenant: Tenant;

const sealed = async (services: ScratchServices) => [
  ...(await services.db.connection.findMany({ orderBy: { id: "asc" } })),
  ...(await services.db.chatConnector.findMany({ orderBy: { id: "asc" } })),
];

beforeAll(async () => {
  before = await openScratchServices({ keys: [OLD_KEY] });
  tenant = await newTenant(before, "rotate");
  const config = { host: "db.internal", database: "app", user: "reader", password: "rotate-db-password" };
  await callerFor(before, tenant.keyPrincipal).connection.create({
    name: "pg",
    project_id: tenant.projectId,
    type: "dynamiq.connections.PostgreSQL",
    config,
  });
  await callerFor(before, tenant.user).chatConnector.create({ name: "chat-pg", type: "dynamiq.connections.PostgreSQL", config });
  // The operator's rotation: the new key current, the old one still accepted.
  during = await openScratchServices({ databaseUrl: before.databaseUrl, keys: [NEW_KEY, OLD_KEY] });
  after = await openScratchServices({ databaseUrl: before.databaseUrl, keys: [NEW_KEY] });
});
afterAll(async () => {
  for (const services of [before, during, after]) await services?.close();
});

describe("encryption rotate", () => {
  it("re-encrypts every secret under the new key, keeps updated_at, and is a no-op when run again", async () => {
    const rows = await sealed(before);
    expect(
      rows.every((row) => Object.values(JSON.parse(row.secrets) as Record<string, string>).every((c) => during.keyring.isStale(c))),
    ).toBe(true);

    const report = await rotateSecrets(during);
    expect(report).toEqual({
      key_id: "new1",
      connections_rewritten: 1,
      chat_connectors_rewritten: 1,
      secrets_rewritten: 2,
      rows_already_current: 0,
      agent_host_key_rewritten: false,
    });
    const rotated = await sealed(during);
    expect(rotated.map((row) => row.updatedAt)).toEqual(rows.map((row) => row.updatedAt));
    expect(rotated.map((row) => row.secrets)).not.toEqual(rows.map((row) => row.secrets));

    expect(await rotateSecrets(during)).toMatchObject({ secrets_rewritten: 0, rows_already_current: 2 });
    expect((await sealed(during)).map((row) => row.secrets)).toEqual(rotated.map((row) => row.secrets));
  });

  it("after rotation the old key is no longer needed: updates merge the stored secrets under the new key alone", async () => {
    const api = callerFor(after, tenant.keyPrincipal);
    const { id } = (await api.connection.list()).data[0]!;
    const updated = await api.connection.update({
      id,
      name: "pg-renamed",
      config: { host: "db.internal", database: "app", user: "reader" },
    });
    expect(updated.config).toMatchObject({ has_password: true });
    const chat = callerFor(after, tenant.user);
    const { id: chatId } = (await chat.chatConnector.list()).data[0]!;
    expect(
      (await chat.chatConnector.update({ id: chatId, config: { host: "db.internal", database: "app", user: "reader" } })).config,
    ).toMatchObject({ has_password: true });
  });

  it("re-encrypts the agent endpoint's host key too, which stays the same key", async () => {
    const hostKey = await agentHostKey(before.db, before.keyring);
    expect(await rotateSecrets(during)).toMatchObject({ agent_host_key_rewritten: true });
    expect((await agentHostKey(after.db, after.keyring)).publicKey).toBe(hostKey.publicKey);
    expect(await rotateSecrets(after)).toMatchObject({ agent_host_key_rewritten: false });
  });
});
