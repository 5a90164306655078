import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { expectRefusedUnchanged, refusal } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";

let services: ScratchServices;
let tenant: Tenant;
let other: Tenant;
let api: Caller;
let privateKey: string;

const POSTGRES = "dynamiq.connections.PostgreSQL" as const;

function postgresInput(name: string) {
  return {
    name,
    project_id: tenant.projectId,
    type: POSTGRES,
    config: {
      host: "10.0.12.34",
      port: 5432,
      database: "analytics",
      user: "reader",
      password: "svc-db-password",
      ssh_tunnel: { host: "bastion.example.com", port: 22, user: "dynamiq", private_key: privateKey },
    },
  };
}

beforeAll(async () => {
  services = await openScratchServices();
  tenant = await newTenant(services, "connections");
  other = await newTenant(services, "other");
  api = callerFor(services, tenant.keyPrincipal);
  ({ privateKey } = sshKeygen(scratchDir("keys"), "bastion"));
});
afterAll(() => services?.close());

describe("connection.create, byId, list, update, delete through the router", () => {
  it("stores a connection encrypted and returns it without a secret", async () => {
    const created = await api.connection.create(postgresInput("warehouse"));
    expect(created).toMatchObject({ name: "warehouse", type: POSTGRES, project_id: tenant.projectId });
    expect(created.config).toMatchObject({
      host: "10.0.12.34",
      has_password: true,
      ssh_tunnel: { host: "bastion.example.com", key_source: "provided" },
    });
    expect(JSON.stringify(created)).not.toMatch(/svc-db-password|PRIVATE KEY/);

    const row = await services.db.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.projectId).toBe(tenant.projectId);
    expect(row.secrets).not.toContain("svc-db-password");
    expect(await api.connection.byId({ id: created.id })).toEqual(created);
  });

  it("generates an Ed25519 key pair when the tunnel has no private key", async () => {
    const input = postgresInput("generated");
    const { private_key: _omitted, ...tunnel } = input.config.ssh_tunnel;
    const created = await api.connection.create({ ...input, config: { ...input.config, ssh_tunnel: tunnel } });
    expect(created.config.ssh_tunnel).toMatchObject({
      key_source: "generated",
      public_key: expect.stringMatching(/^ssh-ed25519 AAAA/),
      authorized_keys_line: expect.stringContaining('permitopen="10.0.12.34:5432"'),
    });
  });

  it("lists the caller's projects only, oldest first, a page at a time", async () => {
    await callerFor(services, other.keyPrincipal).connection.create({ ...postgresInput("elsewhere"), project_id: other.projectId });
    const all = await api.connection.list();
    expect(all.data.map((c) => c.name)).toEqual(["warehouse", "generated"]);
    const first = await api.connection.list({ project_id: tenant.projectId, limit: 1 });
    expect(first.data.map((c) => c.name)).toEqual(["warehouse"]);
    const second = await api.connection.list({ project_id: tenant.projectId, limit: 1, cursor: first.next_cursor! });
    expect(second).toMatchObject({ data: [{ name: "generated" }], next_cursor: null });
  });

  it("update keeps stored secrets on a rename and clears the last test", async () => {
    const created = await api.connection.create(postgresInput("to-rename"));
    const { password: _kept, ...config } = postgresInput("x").config;
    const updated = await api.connection.update({ id: created.id, name: "renamed", config });
    expect(updated).toMatchObject({ id: created.id, name: "renamed", config: { has_password: true } });
    expect((await services.db.connection.findUniqueOrThrow({ where: { id: created.id } })).name).toBe("renamed");
  });

  it("delete removes the row; the id is then not found", async () => {
    const created = await api.connection.create(postgresInput("to-delete"));
    expect(await api.connection.delete({ id: created.id })).toEqual({ id: created.id, deleted: true });
    expect(await services.db.connection.findUnique({ where: { id: created.id } })).toBeNull();
    expect((await refusal(api.connection.byId({ id: created.id }))).app.code).toBe("NOT_FOUND");
  });
});

describe("bad input is refused with its code and field path, and nothing is stored", () => {
  it("create: a port out of range, an unknown type, a project of someone else", async () => {
    const input = postgresInput("bad");
    const badPort = { ...input, config: { ...input.config, ssh_tunnel: { ...input.config.ssh_tunnel, port: 70_000 } } };
    const { trpcCode } = await refusal(api.connection.create(badPort));
    expect(trpcCode).toBe("UNPROCESSABLE_CONTENT");
    await expectRefusedUnchanged(services.db, () => api.connection.create(badPort), "VALIDATION_FAILED", ["config.ssh_tunnel.port"]);
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.create({ ...input, type: "dynamiq.connections.Oracle" } as never),
      "VALIDATION_FAILED",
      ["type"],
    );
    await expectRefusedUnchanged(services.db, () => api.connection.create({ ...input, project_id: other.projectId }), "NOT_FOUND");
    const notAKey = { ...input, config: { ...input.config, ssh_tunnel: { ...input.config.ssh_tunnel, private_key: "not a key" } } };
    const keyError = await expectRefusedUnchanged(services.db, () => api.connection.create(notAKey), "VALIDATION_FAILED", [
      "config.ssh_tunnel.private_key",
    ]);
    expect(keyError.details).toMatchObject([{ code: "PRIVATE_KEY_INVALID" }]);
  });

  it("create: a name already used in the project is a CONFLICT on name", async () => {
    await expectRefusedUnchanged(services.db, () => api.connection.create(postgresInput("warehouse")), "CONFLICT", ["name"]);
  });

  it("list: a limit out of range, a stray field, a cursor from nowhere", async () => {
    await expectRefusedUnchanged(services.db, () => api.connection.list({ limit: 0 }), "VALIDATION_FAILED", ["limit"]);
    await expectRefusedUnchanged(services.db, () => api.connection.list({ extra: 1 } as never), "VALIDATION_FAILED", ["extra"]);
    await expectRefusedUnchanged(services.db, () => api.connection.list({ cursor: "conn_nowhere" }), "VALIDATION_FAILED", ["cursor"]);
  });

  it("byId and delete: a missing id is a field error; another project's id is NOT_FOUND", async () => {
    const theirs = (await callerFor(services, other.keyPrincipal).connection.list()).data[0]!;
    await expectRefusedUnchanged(services.db, () => api.connection.byId({} as never), "VALIDATION_FAILED", ["id"]);
    await expectRefusedUnchanged(services.db, () => api.connection.byId({ id: theirs.id }), "NOT_FOUND");
    await expectRefusedUnchanged(services.db, () => api.connection.delete({ id: 42 } as never), "VALIDATION_FAILED", ["id"]);
    await expectRefusedUnchanged(services.db, () => api.connection.delete({ id: theirs.id }), "NOT_FOUND");
  });

  it("update: a bad port, a type change, a new host without the password", async () => {
    const { id } = (await api.connection.list()).data[0]!;
    const { password: _omitted, ...withoutPassword } = postgresInput("x").config;
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.update({ id, config: { ...withoutPassword, port: -1 } }),
      "VALIDATION_FAILED",
      ["config.port"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.update({ id, type: "dynamiq.connections.MySQL", config: withoutPassword }),
      "VALIDATION_FAILED",
      ["type"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.update({ id, config: { ...withoutPassword, host: "10.9.9.9" } }),
      "SECRETS_REQUIRED",
      ["config.password"],
    );
  });

  it("no principal: every procedure is UNAUTHENTICATED", async () => {
    const anonymous = callerFor(services, null);
    const { app, trpcCode } = await refusal(anonymous.connection.list());
    expect({ code: app.code, trpcCode }).toEqual({ code: "UNAUTHENTICATED", trpcCode: "UNAUTHORIZED" });
    await expectRefusedUnchanged(services.db, () => anonymous.connection.create(postgresInput("anonymous")), "UNAUTHENTICATED");
  });
});
