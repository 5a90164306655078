import { createTRPCClient, httpBatchLink, httpBatchStreamLink, TRPCClientError } from "@trpc/client";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, SESSION_COOKIE, signIn, type AppRouter } from "@connections/api";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { db, newTenant, services, target, type Tenant } from "../support/fixtures.ts";

type Client = ReturnType<typeof client>;

function client(auth: { cookie?: string; key?: string } = {}) {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = `${SESSION_COOKIE}=${auth.cookie}`;
  if (auth.key) headers.authorization = `Bearer ${auth.key}`;
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${target().baseUrl}/api/trpc`, headers: () => headers })] });
}

/** A user of the tenant's project, signed in: their id and a tRPC client on their session cookie. */
async function signedInUser(tenant: Tenant): Promise<{ id: string; trpc: Client; cookie: string }> {
  const email = `chat-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const password = "a long chat password";
  const user = await createUser(services(), { email, password, project_id: tenant.projectId });
  const { token } = await signIn(services(), { email, password });
  return { id: user.id, trpc: client({ cookie: token }), cookie: token };
}

/** A client that reads streamed procedures (the live tests) as the web app does. */
function streamingClient(headers: Record<string, string>) {
  return createTRPCClient<AppRouter>({ links: [httpBatchStreamLink({ url: `${target().baseUrl}/api/trpc`, headers })] });
}

async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<AppRouter>;
}

/** Every stored column of a user's chat connectors, to prove a failed call wrote nothing. */
async function connectorsOf(userId: string): Promise<string> {
  return JSON.stringify(await db().chatConnector.findMany({ where: { userId }, orderBy: { id: "asc" } }));
}

const DB_PASSWORD = "chat-connector-db-password";
const PASSPHRASE = "chat-connector-passphrase";
let tenant: Tenant;
let owner: { id: string; trpc: Client; cookie: string };
let neighbour: { id: string; trpc: Client; cookie: string };
let privateKey: string;

const config = () => ({
  host: "10.0.12.34",
  port: 5432,
  database: "analytics",
  user: "reader",
  password: DB_PASSWORD,
  ssh_tunnel: { host: "bastion.example.com", port: 22, user: "dynamiq", private_key: privateKey, private_key_passphrase: PASSPHRASE },
});

beforeAll(async () => {
  tenant = await newTenant("chat");
  owner = await signedInUser(tenant);
  neighbour = await signedInUser(tenant);
  ({ privateKey } = sshKeygen(scratchDir("keys"), "chat-bastion", { passphrase: PASSPHRASE }));
});

describe("chat connectors through tRPC with a session cookie", () => {
  it("creates, lists, reads, updates and deletes the user's own connector; secrets never come back", async () => {
    const created = await owner.trpc.chatConnector.create.mutate({
      name: "warehouse",
      type: "dynamiq.connections.PostgreSQL",
      config: config(),
    });
    expect(created.id).toMatch(/^chat_/);
    expect(created.config).toMatchObject({ host: "10.0.12.34", port: 5432, has_password: true });
    expect(created.config.ssh_tunnel).toMatchObject({
      host: "bastion.example.com",
      port: 22,
      user: "dynamiq",
      key_source: "provided",
      has_private_key_passphrase: true,
    });

    const listed = await owner.trpc.chatConnector.list.query();
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);
    const read = await owner.trpc.chatConnector.byId.query({ id: created.id });
    expect(read).toEqual(created);
    for (const response of [created, listed, read]) {
      const text = JSON.stringify(response);
      for (const secret of [DB_PASSWORD, PASSPHRASE, privateKey.split("\n")[1]!, "PRIVATE KEY"]) expect(text).not.toContain(secret);
    }

    // A new destination needs the password again (SPEC §9); the tunnel's key and passphrase, left out, are kept.
    const updated = await owner.trpc.chatConnector.update.mutate({
      id: created.id,
      name: "warehouse-2",
      config: {
        host: "10.0.12.35",
        database: "analytics",
        user: "reader",
        password: DB_PASSWORD,
        ssh_tunnel: { host: "bastion.example.com", port: 2222, user: "dynamiq" },
      },
    });
    expect(updated).toMatchObject({
      name: "warehouse-2",
      config: { host: "10.0.12.35", has_password: true, ssh_tunnel: { port: 2222, has_private_key_passphrase: true } },
    });
    expect(JSON.stringify(updated)).not.toContain(DB_PASSWORD);

    expect(await owner.trpc.chatConnector.delete.mutate({ id: created.id })).toEqual({ id: created.id, deleted: true });
    expect((await failure(owner.trpc.chatConnector.byId.query({ id: created.id }))).data).toMatchObject({
      code: "NOT_FOUND",
      appCode: "NOT_FOUND",
    });
    expect(await db().chatConnector.count({ where: { id: created.id } })).toBe(0);
  });

  it("stores secrets only as ciphertext bound to this chat connector and field", async () => {
    const { id } = await owner.trpc.chatConnector.create.mutate({
      name: "sealed",
      type: "dynamiq.connections.PostgreSQL",
      config: config(),
    });
    const row = await db().chatConnector.findUniqueOrThrow({ where: { id } });
    expect(row.userId).toBe(owner.id);
    const everything = JSON.stringify(row);
    for (const secret of [DB_PASSWORD, PASSPHRASE, privateKey.split("\n")[1]!]) expect(everything).not.toContain(secret);
    const sealed = JSON.parse(row.secrets) as Record<string, string>;
    expect(Object.keys(sealed).sort()).toEqual(["password", "ssh_tunnel.private_key", "ssh_tunnel.private_key_passphrase"]);
    for (const ciphertext of Object.values(sealed)) expect(ciphertext).toMatch(/^v1:test1:[\w-]{16}:[\w-]+$/);
    const { keyring } = services();
    expect(keyring.decrypt(sealed.password!, `chat-connector:${id}:password`)).toBe(DB_PASSWORD);
    expect(keyring.decrypt(sealed["ssh_tunnel.private_key"]!, `chat-connector:${id}:ssh_tunnel.private_key`)).toBe(privateKey);
    // Not readable as a connection's secret, nor as another field's.
    expect(() => keyring.decrypt(sealed.password!, `connection:${id}:password`)).toThrow(/failed authentication/);
    expect(() => keyring.decrypt(sealed.password!, `chat-connector:${id}:ssh_tunnel.private_key_passphrase`)).toThrow(
      /failed authentication/,
    );
  });

  it("a partly filled bastion gets one field error per missing field and writes nothing", async () => {
    const before = await connectorsOf(owner.id);
    const error = await failure(
      owner.trpc.chatConnector.create.mutate({
        name: "half-tunnel",
        type: "dynamiq.connections.PostgreSQL",
        config: { ...config(), ssh_tunnel: { host: "bastion.example.com", port: "" as never, user: "dynamiq", private_key: "" } },
      }),
    );
    expect(error.data).toMatchObject({ appCode: "VALIDATION_FAILED", httpStatus: 422 });
    expect(error.data!.details).toEqual([
      { path: "config.ssh_tunnel.port", code: "INVALID_VALUE", message: "is required to connect through the SSH bastion" },
      { path: "config.ssh_tunnel.private_key", code: "INVALID_VALUE", message: "is required to connect through the SSH bastion" },
    ]);
    expect(await connectorsOf(owner.id)).toBe(before);
  });

  it("a bad private key is refused on its field, and a taken name on the name", async () => {
    const before = await connectorsOf(owner.id);
    const badKey = await failure(
      owner.trpc.chatConnector.create.mutate({
        name: "bad-key",
        type: "dynamiq.connections.PostgreSQL",
        config: { ...config(), ssh_tunnel: { ...config().ssh_tunnel, private_key: "not a key" } },
      }),
    );
    expect(badKey.data!.details).toEqual([expect.objectContaining({ path: "config.ssh_tunnel.private_key", code: "PRIVATE_KEY_INVALID" })]);
    expect(await connectorsOf(owner.id)).toBe(before);

    await owner.trpc.chatConnector.create.mutate({
      name: "taken",
      type: "dynamiq.connections.ClickHouse",
      config: { host: "ch.internal", password: "" },
    });
    const afterFirst = await connectorsOf(owner.id);
    const taken = await failure(
      owner.trpc.chatConnector.create.mutate({
        name: "taken",
        type: "dynamiq.connections.ClickHouse",
        config: { host: "ch.internal", password: "" },
      }),
    );
    expect(taken.data).toMatchObject({ appCode: "CONFLICT", details: [expect.objectContaining({ path: "name" })] });
    expect(await connectorsOf(owner.id)).toBe(afterFirst);
    // Names are per user: another member of the same project may use it.
    await expect(
      neighbour.trpc.chatConnector.create.mutate({
        name: "taken",
        type: "dynamiq.connections.ClickHouse",
        config: { host: "ch.internal", password: "" },
      }),
    ).resolves.toMatchObject({ name: "taken" });
  });

  it("another user, even in the same project, sees nothing and changes nothing", async () => {
    const { id } = await owner.trpc.chatConnector.create.mutate({
      name: "private",
      type: "dynamiq.connections.PostgreSQL",
      config: config(),
    });
    const before = await connectorsOf(owner.id);
    expect((await neighbour.trpc.chatConnector.list.query()).data.map((c) => c.id)).not.toContain(id);
    const calls = [
      () => neighbour.trpc.chatConnector.byId.query({ id }),
      () => neighbour.trpc.chatConnector.update.mutate({ id, name: "stolen", config: { host: "x", database: "d", user: "u" } }),
      () => neighbour.trpc.chatConnector.delete.mutate({ id }),
      () => neighbour.trpc.chatConnector.test.mutate({ id }),
      () => neighbour.trpc.chatConnector.run.mutate({ id, text: "select 1" }),
    ];
    for (const call of calls) expect((await failure(call())).data).toMatchObject({ code: "NOT_FOUND", appCode: "NOT_FOUND" });
    expect(await connectorsOf(owner.id)).toBe(before);
  });

  it("an access key gets a clear error, even for the project of the connector's owner", async () => {
    const { id } = await owner.trpc.chatConnector.create.mutate({
      name: "keyless",
      type: "dynamiq.connections.PostgreSQL",
      config: config(),
    });
    const before = await connectorsOf(owner.id);
    const trpc = client({ key: tenant.key });
    // Thunks: a call made before its turn would reject with nobody awaiting it yet.
    for (const call of [
      () => trpc.chatConnector.list.query(),
      () => trpc.chatConnector.byId.query({ id }),
      () => trpc.chatConnector.create.mutate({ name: "x" } as never),
    ]) {
      const error = await failure(call());
      expect(error.data).not.toHaveProperty("stack");
      expect(error.data).toMatchObject({ code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED" });
      expect(error.message).toBe(
        "Chat connectors belong to a signed-in user: an access key cannot use them. Sign in to the web app instead",
      );
    }
    expect(await connectorsOf(owner.id)).toBe(before);
    expect((await failure(client().chatConnector.list.query())).data).toMatchObject({ code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED" });
  });

  it("a message to an unreachable database is answered with the failed stage and its hint", async () => {
    const { id } = await owner.trpc.chatConnector.create.mutate({
      name: "nothing-listens",
      type: "dynamiq.connections.PostgreSQL",
      config: { host: "127.0.0.1", port: 1, database: "d", user: "u", password: DB_PASSWORD },
    });
    const error = await failure(owner.trpc.chatConnector.run.mutate({ id, text: "select 1" }));
    expect(error.data).toMatchObject({
      appCode: "DATABASE_UNREACHABLE",
      details: { stage: expect.any(String), code: expect.any(String), hint: expect.any(String) },
    });
    expect(JSON.stringify(error.data)).not.toContain(DB_PASSWORD);
    const empty = await failure(owner.trpc.chatConnector.run.mutate({ id, text: "   " }));
    expect(empty.data).toMatchObject({
      appCode: "VALIDATION_FAILED",
      details: [expect.objectContaining({ path: "text", message: "must not be empty" })],
    });
  });

  it("tests an unsaved connector live, at the stage where it fails, storing nothing; an access key cannot", async () => {
    const before = await connectorsOf(owner.id);
    const live = streamingClient({ cookie: `${SESSION_COOKIE}=${owner.cookie}` });
    const stream = await live.chatConnector.testUnsavedLive.mutate({
      type: "dynamiq.connections.PostgreSQL",
      config: { host: "127.0.0.1", port: 1, database: "d", user: "u", password: DB_PASSWORD },
    });
    const events = [];
    for await (const event of stream) events.push(event);
    const done = events.at(-1);
    expect(done?.type).toBe("done");
    const diagnosis = (done as Extract<typeof done, { type: "done" }>).diagnosis;
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.stages.find((stage) => stage.status === "failed")).toMatchObject({ name: "tcp", code: "TCP_REFUSED" });
    expect(JSON.stringify(events)).not.toContain(DB_PASSWORD);
    expect(await connectorsOf(owner.id)).toBe(before);

    // Chat's own bastion rule applies before anything is contacted.
    const partial = await failure(
      live.chatConnector.testUnsavedLive.mutate({
        type: "dynamiq.connections.PostgreSQL",
        config: { ...config(), ssh_tunnel: { host: "bastion.example.com" } } as never,
      }),
    );
    expect(partial.data).toMatchObject({ appCode: "VALIDATION_FAILED" });

    const keyed = streamingClient({ authorization: `Bearer ${tenant.key}` });
    const refused = await failure(
      keyed.chatConnector.testUnsavedLive.mutate({
        type: "dynamiq.connections.PostgreSQL",
        config: { host: "127.0.0.1", port: 1, database: "d", user: "u", password: "p" },
      }),
    );
    expect(refused.data).toMatchObject({ code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED" });
  });
});
