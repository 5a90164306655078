import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "@connections/api";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { newTenant, projectSnapshot, target, type Tenant } from "../support/fixtures.ts";

function client(key?: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${target().baseUrl}/api/trpc`, headers: () => (key ? { authorization: `Bearer ${key}` } : {}) })],
  });
}

let tenant: Tenant;
let privateKey: string;

beforeAll(async () => {
  tenant = await newTenant("trpc");
  ({ privateKey } = sshKeygen(scratchDir("keys"), "bastion"));
});

describe("a TypeScript program with @trpc/client and the AppRouter type", () => {
  it("creates, lists and reads connections with an access key", async () => {
    const trpc = client(tenant.key);
    const created = await trpc.connection.create.mutate({
      name: "clickhouse-events",
      project_id: tenant.projectId,
      type: "dynamiq.connections.ClickHouse",
      config: {
        host: "ch.internal",
        password: "trpc-ch-password",
        secure: true,
        ssh_tunnel: { host: "bastion.internal", user: "dynamiq", private_key: privateKey },
      },
    });
    expect(created.config).toMatchObject({ port: 8443, database: "default", user: "default", has_password: true });
    const listed = await trpc.connection.list.query({ project_id: tenant.projectId });
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);
    const read = await trpc.connection.byId.query({ id: created.id });
    expect(read.name).toBe("clickhouse-events");
    expect(JSON.stringify(read)).not.toContain("trpc-ch-password");

    // Another host (and no TLS, no tunnel): the password must be given again (SPEC §9).
    const updated = await trpc.connection.update.mutate({
      id: created.id,
      name: "events",
      config: { host: "ch2.internal", password: "trpc-ch2-password", secure: false },
    });
    expect(updated.config).toMatchObject({ host: "ch2.internal", port: 8123, has_password: true });
    expect(updated.config).not.toHaveProperty("ssh_tunnel");
    await trpc.connection.delete.mutate({ id: created.id });
    await expect(trpc.connection.byId.query({ id: created.id })).rejects.toMatchObject({
      data: { code: "NOT_FOUND", appCode: "NOT_FOUND" },
    });
  });

  it("a generated key pair is returned when no private key is given", async () => {
    const created = await client(tenant.key).connection.create.mutate({
      name: "generated-key",
      project_id: tenant.projectId,
      type: "dynamiq.connections.MySQL",
      config: {
        host: "mysql.internal",
        database: "app",
        user: "reader",
        password: "p",
        ssh_tunnel: { host: "bastion.internal", user: "dynamiq" },
      },
    });
    expect(created.config.ssh_tunnel).toMatchObject({
      key_source: "generated",
      public_key: expect.stringMatching(/^ssh-ed25519 AAAA/),
      authorized_keys_line: expect.stringContaining('permitopen="mysql.internal:3306"'),
    });
  });

  it("bad input fails with the same codes and field paths as REST, and writes nothing", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const error = await client(tenant.key)
      .connection.create.mutate({
        name: "bad",
        project_id: tenant.projectId,
        type: "dynamiq.connections.Trino",
        config: { host: "trino", user: "u", port: 70000, ssh_tunnel: { host: "b", user: "u", password: "nope" } as never },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data!;
    expect(data.appCode).toBe("VALIDATION_FAILED");
    expect(data.httpStatus).toBe(422);
    expect((data.details as Array<{ path: string }>).map((d) => d.path)).toEqual(
      expect.arrayContaining(["config.port", "config.ssh_tunnel.password"]),
    );
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("without a key, or with another project's key, nothing is visible", async () => {
    await expect(client().connection.list.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED" } });
    const other = await newTenant("trpc-other");
    await expect(client(other.key).connection.list.query({ project_id: tenant.projectId })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });
});
