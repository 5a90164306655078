import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigure, scratchDir, sshKeygen, startFaultSshServer, type FaultSshServer } from "@connections/testkit";
import { db, newTenant, projectSnapshot, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { signedInUser, type SignedInUser } from "../support/signed-in-user.ts";
import { tenantSnapshot } from "../support/tenant-snapshot.ts";

// Issue #11 finding 9: numeric IPv4 forms that slip past the target policy, names with hidden
// characters, and unbounded tRPC batches and bodies.

const METADATA = "169.254.169.254";
const NUMERIC_FORMS = ["2852039166", "0xa9fea9fe", "0251.0376.0251.0376", "169.254.43518", "169.16689662", "0xa9.0xfe.0xa9.0xfe"];
const POSTGRES = "dynamiq.connections.PostgreSQL";
const db_ = { port: 5432, database: "analytics", user: "reader", password: "hostile-pw" };

let tenant: Tenant;
let user: SignedInUser;
let bastion: FaultSshServer;
let privateKey: string;
let fingerprint: string;
const proved: string[] = [];
/** How much of the 64 MiB stream the client had produced when the 413 arrived. */
let streamedMiB = 0;

beforeAll(async () => {
  tenant = await newTenant("hostile-input");
  user = await signedInUser(tenant);
  const key = sshKeygen(scratchDir("hostile-keys"), "bastion");
  privateKey = key.privateKey;
  // A stand-in bastion on loopback: it counts every TCP connection and forwards only to loopback.
  bastion = await startFaultSshServer({ authorizedKey: key.publicKey });
  fingerprint = bastion.hostKeyFingerprint;
});
afterAll(() => bastion?.stop());

const tunnel = () => ({
  host: bastion.host,
  port: bastion.port,
  user: "dynamiq",
  private_key: privateKey,
  host_key_fingerprint: fingerprint,
});
const create = (name: string, config: Record<string, unknown>) =>
  api("POST", "/v1/connections", { key: tenant.key, body: { name, project_id: tenant.projectId, type: POSTGRES, config } });

describe("numeric IPv4 forms of a denied address", () => {
  it.each(NUMERIC_FORMS)(
    "%s as the database host behind a bastion, or as the bastion, is refused at validation and reaches nothing",
    async (form) => {
      const before = await projectSnapshot(tenant.projectId);
      const cases = [
        { config: { ...db_, host: form, ssh_tunnel: tunnel() }, path: "config.host" },
        { config: { ...db_, host: "10.0.12.34", ssh_tunnel: { ...tunnel(), host: form } }, path: "config.ssh_tunnel.host" },
      ];
      for (const { config, path } of cases) {
        for (const response of [
          await create(`numeric-${form}`, config),
          await api("POST", "/v1/connections/test", { key: tenant.key, body: { type: POSTGRES, config } }),
        ]) {
          expect(response.status).toBe(422);
          expect(response.body.error.code).toBe("VALIDATION_FAILED");
          expect(response.body.error.details).toContainEqual({
            path,
            code: "INVALID_VALUE",
            message: `is a numeric form of the IPv4 address ${METADATA}: write that address as is`,
          });
        }
      }
      expect(await projectSnapshot(tenant.projectId)).toBe(before);
      expect(bastion.connectionCount()).toBe(0);
    },
  );

  it("a stored row with such a host (saved before the rule) is refused with the field to edit; the bastion is never contacted", async () => {
    const created = await create("numeric-stored", { ...db_, host: "10.0.12.34", ssh_tunnel: tunnel() });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    for (const form of NUMERIC_FORMS) {
      const row = await db().connection.findUniqueOrThrow({ where: { id } });
      const stored = JSON.parse(row.config);
      await db().connection.update({
        where: { id },
        data: { config: JSON.stringify({ ...stored, config: { ...stored.config, host: form } }) },
      });
      for (const call of ["test", "query"]) {
        const response = await api("POST", `/v1/connections/${id}/${call}`, {
          key: tenant.key,
          ...(call === "query" ? { body: { sql: "select 1" } } : {}),
        });
        expect(response.status).toBe(422);
        expect(response.body.error.details).toEqual([
          {
            path: "config.host",
            code: "INVALID_VALUE",
            message: `is a numeric form of the IPv4 address ${METADATA}: write that address as is`,
          },
        ]);
      }
    }
    expect(bastion.connectionCount()).toBe(0);
    proved.push("numeric");
  });
});

describe("names and identifiers with hidden characters", () => {
  const HIDDEN = [
    ["bidi override", "invoice\u202Egpj.exe", "202E"],
    ["zero-width space", "ware\u200Bhouse", "200B"],
    ["NUL", "warehouse\u0000", "0000"],
    ["bidi isolate", "\u2066admin", "2066"],
  ] as const;

  it.each(HIDDEN)("a %s is refused in the name, database, user and ssh user, naming each field", async (_what, text, code) => {
    const before = await projectSnapshot(tenant.projectId);
    const fields = [
      { body: { name: text, config: { ...db_, host: "db.internal" } }, path: "name" },
      { body: { name: "ok-name", config: { ...db_, host: "db.internal", database: text } }, path: "config.database" },
      { body: { name: "ok-name", config: { ...db_, host: "db.internal", user: text } }, path: "config.user" },
      {
        body: { name: "ok-name", config: { ...db_, host: "db.internal", ssh_tunnel: { ...tunnel(), user: text } } },
        path: "config.ssh_tunnel.user",
      },
    ];
    for (const { body, path } of fields) {
      const response = await api("POST", "/v1/connections", {
        key: tenant.key,
        body: { ...body, project_id: tenant.projectId, type: POSTGRES },
      });
      expect(response.status).toBe(422);
      expect(response.body.error.details).toContainEqual({
        path,
        code: "INVALID_VALUE",
        message: expect.stringContaining(`(found U+${code} at position`),
      });
      expect(response.body.error.message).toContain(`${path}: must not contain control or invisible formatting characters`);
    }
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("a Trino catalog and schema and a chat connector's name are held to the same rule", async () => {
    const before = await tenantSnapshot({ projectIds: [tenant.projectId], userIds: [user.id] });
    const trino = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: {
        name: "trino-hidden",
        project_id: tenant.projectId,
        type: "dynamiq.connections.Trino",
        config: { host: "trino.internal", user: "analyst", catalog: "hive\u200D", schema: "web\u202D" },
      },
    });
    expect(trino.status).toBe(422);
    expect(trino.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["config.catalog", "config.schema"]);

    const chat = await api("POST", "/api/trpc/chatConnector.create", {
      headers: { cookie: user.cookie },
      body: { name: "chat\u200Bbot", type: POSTGRES, config: { ...db_, host: "db.internal" } },
    });
    expect(chat.status).toBe(422);
    expect(chat.body.error.data).toMatchObject({
      appCode: "VALIDATION_FAILED",
      details: [expect.objectContaining({ path: "name", message: expect.stringContaining("U+200B") })],
    });
    expect(await tenantSnapshot({ projectIds: [tenant.projectId], userIds: [user.id] })).toBe(before);
    proved.push("names");
  });
});

describe("tRPC batches and bodies", () => {
  const batchOf = (count: number) => {
    const names = Array.from({ length: count }, (_, i) => `batch-${count}-${i}`);
    const input = Object.fromEntries(
      names.map((name, i) => [i, { name, project_id: tenant.projectId, type: POSTGRES, config: { ...db_, host: "db.internal" } }]),
    );
    return api("POST", `/api/trpc/${names.map(() => "connection.create").join(",")}?batch=1`, { key: tenant.key, body: input });
  };

  it("a batch of 21 calls is refused before any runs; 20 run", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const refused = await batchOf(21);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      data: { appCode: "BAD_REQUEST" },
      message: "A batch may hold at most 20 calls (this one has 21): split it into several requests",
    });
    expect(await projectSnapshot(tenant.projectId)).toBe(before);

    const ran = await batchOf(20);
    expect(ran.status).toBe(200);
    expect(ran.body).toHaveLength(20);
    expect(await db().connection.count({ where: { projectId: tenant.projectId, name: { startsWith: "batch-20-" } } })).toBe(20);
    proved.push("batch");
  });

  it("a body over 1 MiB is refused with 413: at once by its Content-Length, and after 1 MiB of a stream without one", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const padding = "x".repeat(1024 * 1024);
    const declared = await api("POST", "/api/trpc/connection.create", {
      key: tenant.key,
      body: { name: padding, project_id: tenant.projectId, type: POSTGRES, config: {} },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.data).toMatchObject({ appCode: "PAYLOAD_TOO_LARGE", httpStatus: 413 });

    // 64 MiB offered as a chunked stream; the server answers after reading about 1 MiB of it.
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let offered = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offered >= 64 * 1024 * 1024) return controller.close();
        offered += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${target().baseUrl}/api/trpc/connection.create`, {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).error.data.appCode).toBe("PAYLOAD_TOO_LARGE");
    expect(offered).toBeLessThan(16 * 1024 * 1024);
    streamedMiB = offered / (1024 * 1024);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
    proved.push("body");
  });
});

afterAll(() => {
  if (proved.length !== 4) return;
  recordFigure({
    id: "S9",
    measure:
      "6 numeric IPv4 forms of 169.254.169.254; bidi, zero-width and NUL characters in 7 kinds of name; tRPC batch of 21; tRPC bodies over 1 MiB",
    value: `numeric forms 422 naming the field (also for rows stored before the rule), 0 connections to the bastion; hidden characters 422 naming the field; batch 400 before any call; bodies 413, a streamed one after ${streamedMiB.toFixed(1)} MiB of 64 MiB had been produced`,
    target: "refused with a clear error, nothing stored or reached",
  });
});
