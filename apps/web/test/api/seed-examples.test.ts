import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { db, newTenant, services } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { FIXTURES, homeWithBastionKey, runExample } from "../support/run-example.ts";

const PYTHON = process.env.CONNECTIONS_TEST_PYTHON ?? "python3";
const SEED_DOC = new URL("../../../../../shared/seeds/ssh-tunnels.txt", import.meta.url);

describe("the public docs' examples, with only the base URL changed", () => {
  it.runIf(existsSync(SEED_DOC))("are verbatim copies of the docs page", () => {
    const doc = readFileSync(SEED_DOC, "utf8");
    expect(doc).toContain(readFileSync(new URL("seed-example.sh", FIXTURES), "utf8").trim());
    expect(doc).toContain(readFileSync(new URL("seed-example.py", FIXTURES), "utf8").trim());
  });

  it("jq | curl creates a tunneled PostgreSQL connection; GET, PUT and DELETE then behave as documented", async () => {
    const tenant = await newTenant();
    const { home, privateKey } = homeWithBastionKey();
    const dbPassword = "curl-example-db-password";
    const { stdout } = await runExample("bash", "seed-example.sh", tenant, { home, dbPassword });
    const created = JSON.parse(stdout).data;
    expect(created.id).toMatch(/^conn_/);
    expect(created.type).toBe("dynamiq.connections.PostgreSQL");

    const read = await api("GET", `/v1/connections/${created.id}`, { key: tenant.key });
    expect(read.status).toBe(200);
    expect(read.text).not.toContain(dbPassword);
    expect(read.text).not.toContain(privateKey.split("\n")[1]);
    expect(read.body.data.config).toMatchObject({
      host: "10.0.12.34",
      port: 5432,
      database: "analytics",
      user: "dynamiq_reader",
      has_password: true,
      ssh_tunnel: { host: "bastion.example.com", port: 22, user: "dynamiq", key_source: "provided", host_key_fingerprint: null },
    });
    expect(read.body.data.config).not.toHaveProperty("password");
    expect(read.body.data.config.ssh_tunnel).not.toHaveProperty("private_key");
    expect(read.body.data.config.ssh_tunnel.authorized_keys_line).toContain('permitopen="10.0.12.34:5432"');

    // PUT the full new config: its new destination needs the password again (SPEC §9); the private key, left out, is kept.
    const { password: _omitted, ...configWithoutSecrets } = { ...read.body.data.config, password: undefined };
    const put = await api("PUT", `/v1/connections/${created.id}`, {
      key: tenant.key,
      body: {
        name: "analytics-postgres-v2",
        config: {
          host: "10.0.12.35",
          port: 5433,
          database: configWithoutSecrets.database,
          user: "dynamiq_reader",
          password: dbPassword,
          ssh_tunnel: { host: "bastion2.example.com", user: "dynamiq" },
        },
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: "analytics-postgres-v2", config: { host: "10.0.12.35", port: 5433, has_password: true } });
    expect(put.body.data.config.ssh_tunnel).toMatchObject({ host: "bastion2.example.com", port: 22, key_source: "provided" });
    expect(put.body.data.config.ssh_tunnel.public_key).toBe(read.body.data.config.ssh_tunnel.public_key);
    const row = await db().connection.findUniqueOrThrow({ where: { id: created.id } });
    const secrets = JSON.parse(row.secrets) as Record<string, string>;
    const { keyring } = services();
    expect(keyring.decrypt(secrets.password!, `connection:${created.id}:password`)).toBe(dbPassword);
    expect(keyring.decrypt(secrets["ssh_tunnel.private_key"]!, `connection:${created.id}:ssh_tunnel.private_key`)).toBe(privateKey);

    // Removing ssh_tunnel removes the tunnel and its key.
    const untunneled = await api("PUT", `/v1/connections/${created.id}`, {
      key: tenant.key,
      body: { config: { host: "10.0.12.35", database: "analytics", user: "dynamiq_reader", password: null } },
    });
    expect(untunneled.status).toBe(422);
    expect(untunneled.body.error.details).toContainEqual(expect.objectContaining({ path: "config.password" }));
    const noTunnel = await api("PUT", `/v1/connections/${created.id}`, {
      key: tenant.key,
      body: { config: { host: "10.0.12.35", database: "analytics", user: "dynamiq_reader", password: dbPassword } },
    });
    expect(noTunnel.status).toBe(200);
    expect(noTunnel.body.data.config).not.toHaveProperty("ssh_tunnel");
    const after = await db().connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(Object.keys(JSON.parse(after.secrets))).toEqual(["password"]);

    const deleted = await api("DELETE", `/v1/connections/${created.id}`, { key: tenant.key });
    expect(deleted.status).toBe(204);
    expect((await api("GET", `/v1/connections/${created.id}`, { key: tenant.key })).status).toBe(404);
    expect(await db().connection.count({ where: { id: created.id } })).toBe(0);
  });

  it("Python requests creates the connection and prints its id", async () => {
    const tenant = await newTenant();
    const { home } = homeWithBastionKey();
    const { stdout } = await runExample(PYTHON, "seed-example.py", tenant, { home, dbPassword: "python-example-db-password" });
    const id = /^Connection id: (conn_\S+)$/m.exec(stdout)?.[1];
    expect(id).toBeDefined();
    const listed = await api("GET", `/v1/connections?project_id=${tenant.projectId}`, { key: tenant.key });
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(listed.text).not.toContain("python-example-db-password");
  });
});
