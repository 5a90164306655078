import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, SESSION_COOKIE, signIn, type AppRouter } from "@connections/api";
import { recordFigure, scratchDir, sshKeygen } from "@connections/testkit";
import { newTenant, services, target, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

// Seeded secrets, each unique to this run, then looked for everywhere the service speaks.
const tag = randomBytes(6).toString("hex");
const dbPassword = `db-password-${tag}`;
const passphrase = `key-passphrase-${tag}`;
const chatPassword = `chat-password-${tag}`;
const key = sshKeygen(scratchDir("exposure-keys"), "bastion", { passphrase });
// A stretch of the encrypted key's body: enough to recognise the key in any output.
const keyBody = key.privateKey.split("\n")[3]!;
const masterKeySecret = () => target().encryptionKey.split(":")[1]!;

const seen: Array<{ where: string; text: string }> = [];
let tenant: Tenant;
let cookie: string;

function trpc() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchStreamLink({ url: `${target().baseUrl}/api/trpc`, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })],
  });
}

async function rest(where: string, method: string, path: string, body?: unknown) {
  const response = await api(method, path, { key: tenant.key, body });
  let headers = "";
  response.headers.forEach((value, name) => (headers += `${name}: ${value}\n`));
  seen.push({ where: `${method} ${path} → ${response.status}`, text: response.text + headers });
  return response;
}

async function caught(where: string, call: () => Promise<unknown>) {
  try {
    seen.push({ where, text: JSON.stringify(await call()) });
  } catch (error) {
    seen.push({ where, text: JSON.stringify(error) + String(error) + JSON.stringify((error as { data?: unknown }).data) });
  }
}

async function page(path: string) {
  const response = await fetch(`${target().baseUrl}${path}`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
  seen.push({ where: `page ${path} → ${response.status}`, text: await response.text() });
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

beforeAll(async () => {
  tenant = await newTenant("exposure");
  const email = `exposure-${tag}@example.com`;
  await createUser(services(), { email, password: "a long exposure password", project_id: tenant.projectId });
  ({ token: cookie } = await signIn(services(), { email, password: "a long exposure password" }));
});

describe("seeded secrets never leave the service", () => {
  it("appear in no API response, error, page, client bundle or log line", async () => {
    const config = {
      host: "127.0.0.1",
      port: 1,
      database: "app",
      user: "reader",
      password: dbPassword,
      ssh_tunnel: { host: "127.0.0.1", port: 1, user: "dynamiq", private_key: key.privateKey, private_key_passphrase: passphrase },
    };
    const body = { name: `exposure-${tag}`, project_id: tenant.projectId, type: "dynamiq.connections.PostgreSQL", config };
    const created = await rest("create", "POST", "/v1/connections", body);
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;

    await rest("get", "GET", `/v1/connections/${id}`);
    await rest("list", "GET", `/v1/connections?project_id=${tenant.projectId}`);
    await rest("update", "PUT", `/v1/connections/${id}`, {
      name: `renamed-${tag}`,
      config: {
        ...config,
        password: undefined,
        ssh_tunnel: { ...config.ssh_tunnel, private_key: undefined, private_key_passphrase: undefined },
      },
    });
    await rest("test", "POST", `/v1/connections/${id}/test`);
    await rest("query", "POST", `/v1/connections/${id}/query`, { sql: `select '${dbPassword.slice(0, 4)}'` });
    await rest("unsaved test", "POST", "/v1/connections/test", { type: body.type, config });
    // Error paths that carry the secrets in the request.
    await rest("wrong passphrase", "POST", "/v1/connections", {
      ...body,
      name: `x-${tag}`,
      config: { ...config, ssh_tunnel: { ...config.ssh_tunnel, private_key_passphrase: `${passphrase}-wrong` } },
    });
    await rest("secret in a wrong field", "POST", "/v1/connections", {
      ...body,
      name: `y-${tag}`,
      config: { ...config, ssh_tunnel: { ...config.ssh_tunnel, password: dbPassword } },
    });
    await rest("secret of a wrong type", "POST", "/v1/connections", { ...body, name: `z-${tag}`, config: { ...config, port: dbPassword } });

    const client = trpc();
    await caught("trpc byId", () => client.connection.byId.query({ id }));
    await caught("trpc list", () => client.connection.list.query({ project_id: tenant.projectId }));
    await caught("trpc test", () => client.connection.test.mutate({ id }));
    await caught("trpc testLive", async () => {
      const events = [];
      for await (const event of await client.connection.testLive.mutate({ id })) events.push(event);
      return events;
    });
    await caught("trpc chat create", () =>
      client.chatConnector.create.mutate({
        name: `chat-${tag}`,
        type: "dynamiq.connections.PostgreSQL",
        config: { host: "127.0.0.1", port: 1, database: "app", user: "u", password: chatPassword },
      }),
    );
    const chatId = (await client.chatConnector.list.query()).data[0]!.id;
    await caught("trpc chat list", () => client.chatConnector.list.query());
    await caught("trpc chat run", () => client.chatConnector.run.mutate({ id: chatId, text: "select 1" }));

    for (const path of ["/connections", `/connections/${id}/edit`, `/connections/${id}/console`, "/chat", "/connections/new"])
      await page(path);
    for (const file of filesBelow(join(target().webDir, ".next", "static")))
      seen.push({ where: `bundle ${file}`, text: readFileSync(file, "latin1") });
    seen.push({ where: "server log", text: readFileSync(target().logFile, "utf8") });

    const secrets = { dbPassword, passphrase, chatPassword, keyBody, masterKey: masterKeySecret() };
    const leaks = seen.flatMap(({ where, text }) =>
      Object.entries(secrets)
        .filter(([, value]) => text.includes(value))
        .map(([name]) => `${name} in ${where}`),
    );
    expect(leaks).toEqual([]);
    // The search itself works: the pages and responses were really read, bundles included.
    expect(seen.filter((s) => s.where.startsWith("bundle")).length).toBeGreaterThan(5);
    expect(seen.find((s) => s.where.startsWith("page /connections →"))!.text).toContain(`renamed-${tag}`);
    expect(seen.length).toBeGreaterThan(20);
    const count = (prefix: string) => seen.filter((s) => s.where.startsWith(prefix)).length;
    recordFigure({
      id: "R6",
      measure: `${Object.keys(secrets).join(", ")} searched for`,
      value: `${seen.length} texts (${count("bundle")} client bundles, ${count("page")} pages, the server log, the rest API and tRPC responses): ${leaks.length} occurrences`,
      target: "0 occurrences",
    });
  }, 60_000);
});
