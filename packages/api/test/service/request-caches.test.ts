import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresqlType, queryInputSchema } from "@connections/core";
import { startPostgres, type PostgresServer } from "@connections/testkit";
import { revokeAccessKey } from "../../src/access-keys/revoke-access-key.ts";
import { authenticateAccessKey } from "../../src/auth/authenticate-access-key.ts";
import { createAccessKey } from "../../src/auth/create-access-key.ts";
import { ExpiringCache } from "../../src/caches/expiring-cache.ts";
import { createConnection } from "../../src/connections/create-connection.ts";
import { deleteConnection } from "../../src/connections/delete-connection.ts";
import { getConnection } from "../../src/connections/get-connection.ts";
import { queryConnection } from "../../src/connections/query-connection.ts";
import { updateConnection } from "../../src/connections/update-connection.ts";
import type { Principal } from "../../src/context.ts";
import { refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { newTenant, type Tenant } from "./support/world.ts";

// Windows far longer than a test: whatever is refused or changed here is so because the cache was
// dropped, not because it expired.
const LONG = { CONNECTIONS_ACCESS_KEY_CACHE_MS: "60000", CONNECTIONS_CONNECTION_CACHE_MS: "60000" };

let cached: ScratchServices;
let uncached: ScratchServices;
let postgres: PostgresServer;
let tenant: Tenant;

beforeAll(async () => {
  [cached, postgres] = await Promise.all([openScratchServices({ caches: LONG }), startPostgres({ password: true })]);
  // Defaults, on the same database: another server process, as the CLI or a second instance is.
  uncached = await openScratchServices({ databaseUrl: cached.databaseUrl });
  tenant = await newTenant(cached, "caches");
});
afterAll(async () => {
  await cached?.close();
  await uncached?.close();
  await postgres?.stop();
});

const revokeElsewhere = (id: string) => cached.db.accessKey.update({ where: { id }, data: { revokedAt: new Date() } });

describe("access keys", () => {
  it("with the default window every request reads the key: a revocation anywhere is refused on the next call", async () => {
    const key = await createAccessKey(uncached, tenant.projectId, "default-window");
    await authenticateAccessKey(uncached, `Bearer ${key.key}`);
    await revokeElsewhere(key.id);
    expect((await refusal(authenticateAccessKey(uncached, `Bearer ${key.key}`))).app.code).toBe("UNAUTHENTICATED");
  });

  it("with a window, a key revoked in this process is refused at once", async () => {
    const key = await createAccessKey(cached, tenant.projectId, "revoked-here");
    expect(await authenticateAccessKey(cached, `Bearer ${key.key}`)).toMatchObject({ id: key.id, projectIds: [tenant.projectId] });
    await revokeAccessKey(cached, key.id);
    expect((await refusal(authenticateAccessKey(cached, `Bearer ${key.key}`))).app.code).toBe("UNAUTHENTICATED");
  });

  it("with a window, a revocation by another process is seen when the window ends, not before", async () => {
    const key = await createAccessKey(cached, tenant.projectId, "revoked-elsewhere");
    await authenticateAccessKey(cached, `Bearer ${key.key}`);
    await revokeElsewhere(key.id);
    // The documented trade: the cached key is believed for the rest of its window.
    expect(await authenticateAccessKey(cached, `Bearer ${key.key}`)).toMatchObject({ id: key.id });
    cached.caches.accessKeys.clear();
    expect((await refusal(authenticateAccessKey(cached, `Bearer ${key.key}`))).app.code).toBe("UNAUTHENTICATED");
  });

  it("a cached key still needs its secret", async () => {
    const key = await createAccessKey(cached, tenant.projectId, "wrong-secret");
    await authenticateAccessKey(cached, `Bearer ${key.key}`);
    const wrong = `${key.key.slice(0, -1)}${key.key.endsWith("A") ? "B" : "A"}`;
    expect((await refusal(authenticateAccessKey(cached, `Bearer ${wrong}`))).app.code).toBe("UNAUTHENTICATED");
  });
});

describe("connections", () => {
  const database = () => ({ host: "127.0.0.1", port: postgres.port });
  const asApp = () => ({ ...database(), database: postgres.app!.database, user: postgres.app!.user, password: postgres.app!.password });
  // The superuser's password is in the cluster's URL.
  const asSuperuser = () => ({ ...database(), database: "connections", user: "postgres", password: new URL(postgres.url).password });
  const whoAmI = queryInputSchema.parse({ sql: "select current_user as who, current_database() as db" });

  async function create(name: string, principal: Principal = tenant.keyPrincipal) {
    const input = cached.connectionTypes.inputs.create.parse({
      name,
      project_id: tenant.projectId,
      type: postgresqlType.type,
      config: asApp(),
    });
    return createConnection(cached, principal, input);
  }
  const who = async (id: string) => (await queryConnection(cached, tenant.keyPrincipal, id, whoAmI)).rows[0];

  it("an update in this process is used by the next query, and shown by the next read", async () => {
    const { id } = await create("updated");
    expect(await who(id)).toEqual(["app_user", "app"]);
    expect((await getConnection(cached, tenant.keyPrincipal, id)).name).toBe("updated");
    const update = cached.connectionTypes.inputs.update.parse({ name: "renamed", config: asSuperuser() });
    await updateConnection(cached, tenant.keyPrincipal, id, update);
    expect(await who(id)).toEqual(["postgres", "connections"]);
    expect((await getConnection(cached, tenant.keyPrincipal, id)).name).toBe("renamed");
  });

  it("a delete in this process makes the next query and read NOT_FOUND", async () => {
    const { id } = await create("deleted");
    expect(await who(id)).toEqual(["app_user", "app"]);
    await deleteConnection(cached, tenant.keyPrincipal, id);
    expect((await refusal(queryConnection(cached, tenant.keyPrincipal, id, whoAmI))).app.code).toBe("NOT_FOUND");
    expect((await refusal(getConnection(cached, tenant.keyPrincipal, id))).app.code).toBe("NOT_FOUND");
  });

  it("another process's delete is seen when the window ends; with the default window at once", async () => {
    const { id } = await create("deleted-elsewhere");
    await getConnection(cached, tenant.keyPrincipal, id);
    await getConnection(uncached, tenant.keyPrincipal, id);
    await deleteConnection(uncached, tenant.keyPrincipal, id);
    expect((await refusal(getConnection(uncached, tenant.keyPrincipal, id))).app.code).toBe("NOT_FOUND");
    expect((await getConnection(cached, tenant.keyPrincipal, id)).id).toBe(id);
    cached.caches.connections.clear();
    expect((await refusal(getConnection(cached, tenant.keyPrincipal, id))).app.code).toBe("NOT_FOUND");
  });

  it("a row whose config cannot be loaded is not kept: once fixed, the next query reads it again", async () => {
    const { id } = await create("unreadable");
    const { secrets } = await cached.db.connection.findUniqueOrThrow({ where: { id } });
    const sealed = JSON.parse(secrets) as Record<string, string>;
    const flipped = `${sealed.password!.slice(0, -2)}${sealed.password!.endsWith("AA") ? "BB" : "AA"}`;
    await cached.db.connection.update({ where: { id }, data: { secrets: JSON.stringify({ ...sealed, password: flipped }) } });
    expect((await refusal(queryConnection(cached, tenant.keyPrincipal, id, whoAmI))).app.code).toBe("SECRET_UNREADABLE");
    await cached.db.connection.update({ where: { id }, data: { secrets } });
    expect(await who(id)).toEqual(["app_user", "app"]);
  });

  it("a cached connection is still not found by a principal of another project", async () => {
    const { id } = await create("private");
    await getConnection(cached, tenant.keyPrincipal, id);
    const other = await newTenant(cached, "other-caches");
    expect((await refusal(getConnection(cached, other.keyPrincipal, id))).app.code).toBe("NOT_FOUND");
    expect((await refusal(queryConnection(cached, other.keyPrincipal, id, whoAmI))).app.code).toBe("NOT_FOUND");
  });
});

describe("ExpiringCache", () => {
  it("does not store a value read before a concurrent change dropped it", () => {
    const cache = new ExpiringCache<{ v: number }>(60_000);
    const mark = cache.mark();
    cache.forget("a");
    cache.set("a", { v: 1 }, mark);
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", { v: 2 }, cache.mark());
    expect(cache.get("a")).toEqual({ v: 2 });
  });

  it("keeps nothing with a zero window, and nothing past its window", async () => {
    const off = new ExpiringCache<{ v: number }>(0);
    off.set("a", { v: 1 }, off.mark());
    expect(off.get("a")).toBeUndefined();
    const short = new ExpiringCache<{ v: number }>(20);
    short.set("a", { v: 1 }, short.mark());
    expect(short.get("a")).toEqual({ v: 1 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(short.get("a")).toBeUndefined();
  });
});
