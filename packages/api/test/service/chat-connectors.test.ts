import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTrinoPeer } from "@connections/testkit";
import { createUser } from "../../src/users/create-user.ts";
import { expectRefusedUnchanged, refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";

// test and run reach the in-process Trino peer directly (the tunnel path is covered by connection-network).
const TRINO = "dynamiq.connections.Trino" as const;
const PEER = { user: "analyst", password: "svc-chat-password" };

let services: ScratchServices;
let tenant: Tenant;
let chat: Caller;
let colleague: Caller;
let peer: Awaited<ReturnType<typeof startTrinoPeer>>;

const config = () => ({ host: "127.0.0.1", port: peer.port, ...PEER, catalog: "memory", schema: "default" });

beforeAll(async () => {
  [services, peer] = await Promise.all([openScratchServices(), startTrinoPeer({ auth: PEER })]);
  tenant = await newTenant(services, "chat");
  chat = callerFor(services, tenant.user);
  const other = await createUser(services, {
    email: "colleague@example.test",
    password: "colleague-password",
    project_id: tenant.projectId,
  });
  colleague = callerFor(services, { kind: "user", id: other.id, projectIds: [tenant.projectId] });
});
afterAll(async () => {
  await services?.close();
  await peer?.stop();
});

describe("chatConnector procedures for the signed-in user who owns them", () => {
  it("create, list, byId: stored for this user, encrypted, shown without a secret", async () => {
    const created = await chat.chatConnector.create({ name: "trino", type: TRINO, config: config() });
    expect(created.config).toMatchObject({ host: "127.0.0.1", has_password: true });
    expect(JSON.stringify(created)).not.toContain(PEER.password);
    const row = await services.db.chatConnector.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.userId).toBe(tenant.user.id);
    expect(row.secrets).not.toContain(PEER.password);
    expect((await chat.chatConnector.list()).data.map((c) => c.id)).toEqual([created.id]);
    expect(await chat.chatConnector.byId({ id: created.id })).toEqual(created);
  });

  it("test diagnoses it; run answers a message with the result table", async () => {
    const { id } = (await chat.chatConnector.list()).data[0]!;
    expect(await chat.chatConnector.test({ id })).toMatchObject({ ok: true });
    const result = await chat.chatConnector.run({ id, text: "SELECT name FROM items WHERE id = 2" });
    expect(result).toMatchObject({ row_count: 1, truncated: false });
    expect(result.columns.map((c) => c.name)).toEqual(["name"]);
  });

  it("read_only: a connector made read-only refuses a write with READ_ONLY_VIOLATION and still answers a read; update turns it off", async () => {
    const created = await chat.chatConnector.create({ name: "read-only", type: TRINO, read_only: true, config: config() });
    expect(created.read_only).toBe(true);
    const { app, trpcCode } = await refusal(chat.chatConnector.run({ id: created.id, text: "DELETE FROM items" }));
    expect({ code: app.code, trpcCode, message: app.message }).toEqual({
      code: "READ_ONLY_VIOLATION",
      trpcCode: "FORBIDDEN",
      message: "DELETE statements do not run on a read-only connection",
    });
    expect(app.details).toMatchObject({ stage: "query", code: "READ_ONLY_VIOLATION" });
    const read = await chat.chatConnector.run({ id: created.id, text: "SELECT count(*) FROM items" });
    expect(read.rows).toEqual([[3]]);
    const { password: _kept, ...withoutPassword } = config();
    const updated = await chat.chatConnector.update({ id: created.id, config: withoutPassword });
    expect(updated.read_only).toBe(true);
    expect((await chat.chatConnector.update({ id: created.id, read_only: false, config: withoutPassword })).read_only).toBe(false);
    expect((await services.db.chatConnector.findUniqueOrThrow({ where: { id: created.id } })).readOnly).toBe(false);
  });

  it("update keeps the password when it is left out; delete removes the row", async () => {
    const created = await chat.chatConnector.create({ name: "to-change", type: TRINO, config: config() });
    const { password: _kept, ...withoutPassword } = config();
    const updated = await chat.chatConnector.update({ id: created.id, name: "changed", config: withoutPassword });
    expect(updated).toMatchObject({ name: "changed", config: { has_password: true } });
    expect(await chat.chatConnector.test({ id: created.id })).toMatchObject({ ok: true });
    expect(await chat.chatConnector.delete({ id: created.id })).toEqual({ id: created.id, deleted: true });
    expect(await services.db.chatConnector.findUnique({ where: { id: created.id } })).toBeNull();
  });
});

describe("refusals leave every row as it was", () => {
  it("create: a half-filled bastion names each missing field; a bad port; a taken name", async () => {
    await expectRefusedUnchanged(
      services.db,
      () =>
        chat.chatConnector.create({
          name: "half",
          type: TRINO,
          config: { ...config(), ssh_tunnel: { host: "bastion.example.com", user: "" } },
        }),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.port", "config.ssh_tunnel.user", "config.ssh_tunnel.private_key"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => chat.chatConnector.create({ name: "port", type: TRINO, config: { ...config(), port: 0 } }),
      "VALIDATION_FAILED",
      ["config.port"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => chat.chatConnector.create({ name: "trino", type: TRINO, config: config() }),
      "CONFLICT",
      ["name"],
    );
  });

  it("update, byId, test, run, delete: bad fields are field errors; a colleague's id is NOT_FOUND", async () => {
    const { id } = (await chat.chatConnector.list()).data[0]!;
    await expectRefusedUnchanged(
      services.db,
      () => chat.chatConnector.update({ id, config: { ...config(), port: "x" } }),
      "VALIDATION_FAILED",
      ["config.port"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => chat.chatConnector.update({ id, config: { ...config(), host: "10.1.1.1", password: undefined } }),
      "SECRETS_REQUIRED",
      ["config.password"],
    );
    await expectRefusedUnchanged(services.db, () => chat.chatConnector.byId({ id: 5 } as never), "VALIDATION_FAILED", ["id"]);
    await expectRefusedUnchanged(services.db, () => chat.chatConnector.run({ id, text: "" }), "VALIDATION_FAILED", ["text"]);
    await expectRefusedUnchanged(services.db, () => chat.chatConnector.test({ id: ["x"] } as never), "VALIDATION_FAILED", ["id"]);
    for (const call of [
      () => colleague.chatConnector.byId({ id }),
      () => colleague.chatConnector.test({ id }),
      () => colleague.chatConnector.run({ id, text: "SELECT 1" }),
      () => colleague.chatConnector.update({ id, name: "mine", config: config() }),
      () => colleague.chatConnector.delete({ id }),
    ]) {
      await expectRefusedUnchanged(services.db, call, "NOT_FOUND");
    }
    expect((await colleague.chatConnector.list()).data).toEqual([]);
  });

  it("an access key is refused on every procedure with a message saying why", async () => {
    const byKey = callerFor(services, tenant.keyPrincipal);
    const { app, trpcCode } = await refusal(byKey.chatConnector.list());
    expect({ code: app.code, trpcCode }).toEqual({ code: "UNAUTHENTICATED", trpcCode: "UNAUTHORIZED" });
    expect(app.message).toMatch(/access key cannot use them/);
    await expectRefusedUnchanged(
      services.db,
      () => byKey.chatConnector.create({ name: "by-key", type: TRINO, config: config() }),
      "UNAUTHENTICATED",
    );
  });
});
