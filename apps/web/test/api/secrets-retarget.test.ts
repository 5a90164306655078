import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, recordFigure } from "@connections/testkit";
import { createConnection, testConnection } from "../support/connections.ts";
import { startCleartextPostgres, startRecordingHttp, type CredentialStandIn } from "../support/credential-stand-ins.ts";
import { db, newTenant, projectSnapshot, services, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { signedInUser } from "../support/signed-in-user.ts";
import { trpcClient } from "../support/trpc-client.ts";

// S1: a stored password only goes where it was entered for. Someone who may edit a connection but
// was never shown its password points it at a server of theirs (host and port changed, password
// left out) and presses Test. The impostors on loopback ask for the password the way a real
// server may (PostgreSQL cleartext password auth, HTTP Basic for ClickHouse and Trino) and record
// what they receive. The original target is a loopback port nothing listens on.

const STORED = "stored-password-never-shown-S1";
const GIVEN_AGAIN = "password-given-again-S1";
// Another loopback address than the impostors', so the move changes the host as well as the port.
const ORIGINAL_HOST = "127.0.0.2";

type Config = (host: string, port: number, password?: string) => Record<string, unknown>;

const TYPES: Array<{ type: string; start: () => Promise<CredentialStandIn>; config: Config }> = [
  {
    type: "PostgreSQL",
    start: startCleartextPostgres,
    config: (host, port, password) => ({ host, port, database: "app", user: "app", password }),
  },
  { type: "ClickHouse", start: startRecordingHttp, config: (host, port, password) => ({ host, port, user: "reader", password }) },
  {
    type: "Trino",
    start: startRecordingHttp,
    config: (host, port, password) => ({ host, port, user: "analyst", catalog: "hive", password }),
  },
];

let tenant: Tenant;
let unusedPort: number;
const standIns: CredentialStandIn[] = [];
const refused: string[] = [];

async function standIn(start: () => Promise<CredentialStandIn>): Promise<CredentialStandIn> {
  const started = await start();
  standIns.push(started);
  return started;
}

/** The secret in any form an impostor could have received it: as sent, or inside Basic credentials. */
function expectNothingSecret(impostor: CredentialStandIn): void {
  expect(impostor.passwords()).toEqual([]);
  const seen = impostor.received();
  for (const form of [STORED, Buffer.from(STORED).toString("base64"), Buffer.from(`:${STORED}`).toString("base64").slice(4)])
    expect(seen).not.toContain(form);
  expect(impostor.connections(), "the refused PUT left the connection where it was: the impostor was not even contacted").toBe(0);
}

beforeAll(async () => {
  tenant = await newTenant("secrets-retarget");
  unusedPort = await freePort();
});

afterAll(async () => {
  for (const impostor of standIns) await impostor.stop();
});

describe("S1: moving a connection elsewhere needs its password again", () => {
  for (const { type, start, config } of TYPES) {
    it(`${type}: host and port moved to an impostor without the password is refused; the impostor receives nothing`, async () => {
      const impostor = await standIn(start);
      const id = await createConnection(tenant, type, config(ORIGINAL_HOST, unusedPort, STORED));
      const before = await projectSnapshot(tenant.projectId);

      const moved = await api("PUT", `/v1/connections/${id}`, { key: tenant.key, body: { config: config(impostor.host, impostor.port) } });
      const afterPut = await projectSnapshot(tenant.projectId);
      await testConnection(tenant, id);

      expectNothingSecret(impostor);
      expect(moved.status, moved.text).toBe(422);
      expect(moved.body.error).toMatchObject({ code: "SECRETS_REQUIRED", message: expect.stringContaining("config.host, config.port") });
      expect(moved.body.error.details).toEqual([
        { path: "config.password", code: "SECRET_REQUIRED", message: expect.stringContaining("must be entered again") },
      ]);
      expect(moved.text).not.toContain(STORED);
      expect(afterPut).toBe(before);
      refused.push(`connection ${type}`);
    });

    it(`${type}: with the password given again the move is saved, and a rename keeps that password`, async () => {
      const impostor = await standIn(start);
      const id = await createConnection(tenant, type, config(ORIGINAL_HOST, unusedPort, STORED));

      const moved = await api("PUT", `/v1/connections/${id}`, {
        key: tenant.key,
        body: { config: config(impostor.host, impostor.port, GIVEN_AGAIN) },
      });
      expect(moved.status, moved.text).toBe(200);
      await testConnection(tenant, id);
      // The impostor records what a client sends: here, what the user typed for this destination.
      expect(impostor.passwords()).toContain(GIVEN_AGAIN);

      const renamed = await api("PUT", `/v1/connections/${id}`, {
        key: tenant.key,
        body: { name: `renamed-${type}`, config: config(impostor.host, impostor.port) },
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect(renamed.body.data).toMatchObject({ name: `renamed-${type}`, config: { has_password: true } });
      const sealed = JSON.parse((await db().connection.findUniqueOrThrow({ where: { id } })).secrets) as Record<string, string>;
      expect(services().keyring.decrypt(sealed.password!, `connection:${id}:password`)).toBe(GIVEN_AGAIN);
      expect(impostor.received()).not.toContain(STORED);
    });
  }

  it("a change of fields that are not the destination (database, user) keeps the password without asking", async () => {
    const id = await createConnection(tenant, "PostgreSQL", {
      host: ORIGINAL_HOST,
      port: unusedPort,
      database: "app",
      user: "app",
      password: STORED,
    });
    const edited = await api("PUT", `/v1/connections/${id}`, {
      key: tenant.key,
      body: { config: { host: ORIGINAL_HOST, port: unusedPort, database: "other", user: "reader" } },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.data.config).toMatchObject({ database: "other", user: "reader", has_password: true });
  });

  it("adding a tunnel to a bastion of someone else's without the password is refused too", async () => {
    const id = await createConnection(tenant, "PostgreSQL", {
      host: ORIGINAL_HOST,
      port: unusedPort,
      database: "app",
      user: "app",
      password: STORED,
    });
    const before = await projectSnapshot(tenant.projectId);
    const tunnelled = await api("PUT", `/v1/connections/${id}`, {
      key: tenant.key,
      body: {
        config: {
          host: ORIGINAL_HOST,
          port: unusedPort,
          database: "app",
          user: "app",
          ssh_tunnel: { host: "127.0.0.1", port: unusedPort, user: "x" },
        },
      },
    });
    expect(tunnelled.status, tunnelled.text).toBe(422);
    expect(tunnelled.body.error).toMatchObject({
      code: "SECRETS_REQUIRED",
      details: [expect.objectContaining({ path: "config.password", code: "SECRET_REQUIRED" })],
    });
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });
});

describe("S1: the same rule for chat connectors", () => {
  it("a connector moved to an impostor without its password is refused, and its test reaches nobody", async () => {
    const impostor = await standIn(startCleartextPostgres);
    const user = await signedInUser(tenant);
    const trpc = trpcClient({ cookie: user.cookie });
    const config = (host: string, port: number, password?: string) => ({
      host,
      port,
      database: "app",
      user: "app",
      ...(password === undefined ? {} : { password }),
    });
    const { id } = await trpc.chatConnector.create.mutate({
      name: "warehouse",
      type: "dynamiq.connections.PostgreSQL",
      config: { ...config(ORIGINAL_HOST, unusedPort), password: STORED },
    });
    const stored = () => db().chatConnector.findUniqueOrThrow({ where: { id } });
    const before = await stored();

    const moved = await trpc.chatConnector.update.mutate({ id, config: config(impostor.host, impostor.port) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await trpc.chatConnector.test.mutate({ id });

    expectNothingSecret(impostor);
    expect(moved).toBeInstanceOf(TRPCClientError);
    expect((moved as TRPCClientError<never>).data).toMatchObject({
      appCode: "SECRETS_REQUIRED",
      httpStatus: 422,
      details: [{ path: "config.password", code: "SECRET_REQUIRED", message: expect.stringContaining("must be entered again") }],
    });
    expect(await stored()).toEqual(before);
    refused.push("chat connector PostgreSQL");

    const again = await trpc.chatConnector.update.mutate({ id, config: config(impostor.host, impostor.port, GIVEN_AGAIN) });
    expect(again.config).toMatchObject({ host: impostor.host, port: impostor.port, has_password: true });
    await trpc.chatConnector.test.mutate({ id });
    expect(impostor.passwords()).toEqual([GIVEN_AGAIN]);
  });

  it("recorded: every move without the password was refused and no impostor received a secret", () => {
    expect(refused).toEqual([...TYPES.map(({ type }) => `connection ${type}`), "chat connector PostgreSQL"]);
    recordFigure({
      id: "S1",
      measure:
        "PUT moving a stored password's connection to an impostor without the password, then Test (PostgreSQL cleartext auth, ClickHouse and Trino HTTP Basic, a chat connector)",
      value: `${refused.length}/${refused.length} refused with 422 SECRETS_REQUIRED on config.password, nothing stored; impostors received 0 connections, 0 passwords`,
      target: "all refused; 0 secrets received",
    });
  });
});
