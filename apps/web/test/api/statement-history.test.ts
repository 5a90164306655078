import { beforeAll, describe, expect, it } from "vitest";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { freshWorld } from "../support/fresh-world.ts";
import { api } from "../support/http.ts";
import { signedInUser, type SignedInUser } from "../support/signed-in-user.ts";
import { trpcClient } from "../support/trpc-client.ts";
import type { World } from "../support/valid-inputs.ts";

// SPEC §12 query history: each user's recent statements per connection and chat connector, from
// their own audit rows: each statement once at its last run, newest first, parameters never.
// The statements go to a closed loopback port, so each is recorded as failed with TCP_REFUSED.

const PARAMETER = "history-parameter-7d41";

let tenant: Tenant;
let owner: SignedInUser;
let member: SignedInUser;
let world: World;

beforeAll(async () => {
  tenant = await newTenant("history");
  owner = await signedInUser(tenant);
  member = await signedInUser(tenant);
  world = await freshWorld(tenant, owner);
});

async function runAs(user: SignedInUser, sql: string, params: string[] = []): Promise<void> {
  await expect(trpcClient({ cookie: user.cookie }).connection.query.mutate({ id: world.connectionId, sql, params })).rejects.toMatchObject({
    data: { code: "BAD_GATEWAY" },
  });
}

describe("statement history (SPEC §12)", () => {
  it("lists a user's statements on a connection, each once at its last run, newest first, without parameters", async () => {
    const client = trpcClient({ cookie: owner.cookie });
    expect(await client.connection.history.query({ id: world.connectionId })).toEqual({ data: [] });
    for (const sql of ["select 1", "select 2", "select 1"]) await runAs(owner, sql);
    await runAs(owner, "select $1::text as seeded", [PARAMETER]);

    const history = await client.connection.history.query({ id: world.connectionId });
    expect(history.data.map((entry) => entry.sql)).toEqual(["select $1::text as seeded", "select 1", "select 2"]);
    expect(history.data[0]).toMatchObject({ outcome: "error", code: "TCP_REFUSED" });
    expect(Date.parse(history.data[0]!.at)).toBeGreaterThanOrEqual(Date.parse(history.data[1]!.at));
    expect(JSON.stringify(history)).not.toContain(PARAMETER);
    expect((await client.connection.history.query({ id: world.connectionId, limit: 2 })).data.map((e) => e.sql)).toEqual([
      "select $1::text as seeded",
      "select 1",
    ]);
  });

  it("is each caller's own: another member's statements and an access key's are not in it", async () => {
    await runAs(member, "select 'member' as who");
    const byKey = await api("POST", `/v1/connections/${world.connectionId}/query`, {
      key: tenant.key,
      body: { sql: "select 'key' as who" },
    });
    expect(byKey.status).toBe(502);
    const mine = await trpcClient({ cookie: owner.cookie }).connection.history.query({ id: world.connectionId });
    expect(mine.data.map((e) => e.sql)).not.toContain("select 'member' as who");
    expect(mine.data.map((e) => e.sql)).not.toContain("select 'key' as who");
    const theirs = await trpcClient({ cookie: member.cookie }).connection.history.query({ id: world.connectionId });
    expect(theirs.data.map((e) => e.sql)).toEqual(["select 'member' as who"]);
  });

  it("keeps a chat connector's messages apart from the connection's; another user's connector is not found", async () => {
    const client = trpcClient({ cookie: owner.cookie });
    await expect(client.chatConnector.run.mutate({ id: world.chatConnectorId, text: "select 5" })).rejects.toMatchObject({
      data: { code: "BAD_GATEWAY" },
    });
    expect((await client.chatConnector.history.query({ id: world.chatConnectorId })).data.map((e) => e.sql)).toEqual(["select 5"]);
    expect((await client.connection.history.query({ id: world.connectionId })).data.map((e) => e.sql)).not.toContain("select 5");
    await expect(trpcClient({ cookie: member.cookie }).chatConnector.history.query({ id: world.chatConnectorId })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });

  it("refuses a limit outside 1 to 50 with the field named", async () => {
    const client = trpcClient({ cookie: owner.cookie });
    for (const limit of [0, 51, 2.5]) {
      const refused = await client.connection.history.query({ id: world.connectionId, limit }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ data: { code: "UNPROCESSABLE_CONTENT" } });
      expect(JSON.stringify(refused)).toContain("limit");
    }
  });
});
