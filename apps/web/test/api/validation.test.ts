import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { newTenant, projectSnapshot, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { validPostgresBody, withPath } from "../support/valid-config.ts";

let tenant: Tenant;
let privateKey: string;
let publicKey: string;
let valid: ReturnType<typeof validPostgresBody>;

beforeAll(async () => {
  tenant = await newTenant("validation");
  ({ privateKey, publicKey } = sshKeygen(scratchDir("keys"), "bastion"));
  valid = validPostgresBody(tenant.projectId, privateKey);
});

/** [case, body, field path the error must name, text the message must contain] */
const badBodies: Array<[string, () => unknown, string, RegExp]> = [
  ["name missing", () => withPath(valid, "name", undefined), "name", /required/],
  ["project_id missing", () => withPath(valid, "project_id", undefined), "project_id", /required/],
  ["type missing", () => withPath(valid, "type", undefined), "type", /is required: one of dynamiq\.connections\.PostgreSQL/],
  ["config missing", () => withPath(valid, "config", undefined), "config", /required|expected object/i],
  ["host missing", () => withPath(valid, "config.host", undefined), "config.host", /required/],
  ["database missing", () => withPath(valid, "config.database", undefined), "config.database", /required/],
  ["user missing", () => withPath(valid, "config.user", undefined), "config.user", /required/],
  ["password missing", () => withPath(valid, "config.password", undefined), "config.password", /required/],
  ["tunnel host missing", () => withPath(valid, "config.ssh_tunnel.host", undefined), "config.ssh_tunnel.host", /required/],
  ["tunnel user missing", () => withPath(valid, "config.ssh_tunnel.user", undefined), "config.ssh_tunnel.user", /required/],
  ["port as a string", () => withPath(valid, "config.port", "5432"), "config.port", /whole number from 1 to 65535/],
  ["host as a number", () => withPath(valid, "config.host", 10), "config.host", /host name or IP/],
  ["host with a scheme", () => withPath(valid, "config.host", "postgres://db:5432"), "config.host", /bare host name/],
  ["name as a number", () => withPath(valid, "name", 7), "name", /must be a string/],
  ["config as an array", () => withPath(valid, "config", []), "config", /expected object|invalid/i],
  ["ssh_tunnel as a string", () => withPath(valid, "config.ssh_tunnel", "bastion:22"), "config.ssh_tunnel", /expected object|invalid/i],
  ["ssl mode unknown", () => withPath(valid, "config.ssl", { mode: "prefer" }), "config.ssl.mode", /verify-full/],
  [
    "unknown type string",
    () => withPath(valid, "type", "dynamiq.connections.Oracle"),
    "type",
    /must be one of: dynamiq\.connections\.PostgreSQL/,
  ],
  [
    "password inside ssh_tunnel",
    () => withPath(valid, "config.ssh_tunnel.password", "hunter2"),
    "config.ssh_tunnel.password",
    /password authentication is not supported/,
  ],
  ["unknown config field", () => withPath(valid, "config.hostname", "x"), "config.hostname", /not a known field/],
  ["port 0", () => withPath(valid, "config.port", 0), "config.port", /1 to 65535/],
  ["port 70000", () => withPath(valid, "config.port", 70000), "config.port", /1 to 65535/],
  ["tunnel port 0", () => withPath(valid, "config.ssh_tunnel.port", 0), "config.ssh_tunnel.port", /1 to 65535/],
  ["tunnel port 70000", () => withPath(valid, "config.ssh_tunnel.port", 70000), "config.ssh_tunnel.port", /1 to 65535/],
  [
    "private key of random text",
    () => withPath(valid, "config.ssh_tunnel.private_key", "not a key at all"),
    "config.ssh_tunnel.private_key",
    /is not a private key/,
  ],
  [
    "private key that is a public key",
    () => withPath(valid, "config.ssh_tunnel.private_key", publicKey),
    "config.ssh_tunnel.private_key",
    /is a public key/,
  ],
  [
    "host key fingerprint malformed",
    () => withPath(valid, "config.ssh_tunnel.host_key_fingerprint", "MD5:aa:bb"),
    "config.ssh_tunnel.host_key_fingerprint",
    /SHA256/,
  ],
];

describe("POST /v1/connections rejects bad input with the field path and writes nothing", () => {
  it.each(badBodies)("%s", async (_case, body, path, message) => {
    const before = await projectSnapshot(tenant.projectId);
    const response = await api("POST", "/v1/connections", { key: tenant.key, body: body() });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe("VALIDATION_FAILED");
    const detail = response.body.error.details.find((d: { path: string }) => d.path === path);
    expect(detail, JSON.stringify(response.body.error.details)).toBeDefined();
    expect(detail.message).toMatch(message);
    expect(response.body.error.message).toContain(path);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("names distinct key problems: passphrase required, then wrong passphrase", async () => {
    const encrypted = sshKeygen(scratchDir("keys"), "locked", { passphrase: "correct horse" });
    const body = withPath(valid, "config.ssh_tunnel.private_key", encrypted.privateKey);
    const missing = await api("POST", "/v1/connections", { key: tenant.key, body });
    expect(missing.body.error.details).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.private_key_passphrase", code: "PASSPHRASE_REQUIRED" }),
    ]);
    const wrong = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: withPath(body, "config.ssh_tunnel.private_key_passphrase", "wrong"),
    });
    expect(wrong.body.error.details).toEqual([
      expect.objectContaining({ path: "config.ssh_tunnel.private_key_passphrase", code: "PASSPHRASE_WRONG" }),
    ]);
    const right = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: withPath(body, "config.ssh_tunnel.private_key_passphrase", "correct horse"),
    });
    expect(right.status).toBe(201);
    expect(right.body.data.config.ssh_tunnel.has_private_key_passphrase).toBe(true);
    await api("DELETE", `/v1/connections/${right.body.data.id}`, { key: tenant.key });
  });

  it("refuses a 2 MB body with 413", async () => {
    const before = await projectSnapshot(tenant.projectId);
    const response = await api("POST", "/v1/connections", { key: tenant.key, body: withPath(valid, "name", "x".repeat(2 * 1024 * 1024)) });
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("1024 KiB") });
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it.each([
    ["truncated JSON", '{"name": "x", "config": {'],
    ["not JSON at all", "name=x&type=pg"],
    ["an empty body", ""],
  ])("refuses %s with 400 INVALID_JSON", async (_case, raw) => {
    const before = await projectSnapshot(tenant.projectId);
    const response = await api("POST", "/v1/connections", { key: tenant.key, raw, headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("INVALID_JSON");
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });

  it("refuses a non-JSON content type with 415", async () => {
    const response = await api("POST", "/v1/connections", {
      key: tenant.key,
      raw: JSON.stringify(valid),
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(415);
    expect(response.body.error.message).toContain("application/json");
  });

  it("refuses a second connection with the same name with 409", async () => {
    const first = await api("POST", "/v1/connections", { key: tenant.key, body: withPath(valid, "name", "unique-name") });
    expect(first.status).toBe(201);
    const before = await projectSnapshot(tenant.projectId);
    const second = await api("POST", "/v1/connections", { key: tenant.key, body: withPath(valid, "name", "unique-name") });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "CONFLICT", details: [expect.objectContaining({ path: "name" })] });
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });
});

describe("PUT /v1/connections/{id} rejects bad input and leaves the row unchanged", () => {
  let id: string;
  beforeAll(async () => {
    id = (await api("POST", "/v1/connections", { key: tenant.key, body: withPath(valid, "name", "put-target") })).body.data.id;
  });

  it.each([
    ["a port out of range", () => ({ config: { ...valid.config, port: 70000 } }), "config.port"],
    [
      "a password inside ssh_tunnel",
      () => ({ config: { ...valid.config, ssh_tunnel: { ...valid.config.ssh_tunnel, password: "x" } } }),
      "config.ssh_tunnel.password",
    ],
    [
      "a public key as the private key",
      () => ({ config: { ...valid.config, ssh_tunnel: { ...valid.config.ssh_tunnel, private_key: publicKey } } }),
      "config.ssh_tunnel.private_key",
    ],
    ["another type", () => ({ type: "dynamiq.connections.MySQL", config: valid.config }), "type"],
    ["no config", () => ({ name: "renamed" }), "config"],
    ["a required field cleared", () => ({ config: { ...valid.config, password: null } }), "config.password"],
    // Spread, not assigned: JSON.parse makes `__proto__` an own key, as the server's body parser does.
    [
      "an own __proto__ key in config (refused as on create, not dropped)",
      () => ({ config: { ...valid.config, ...(JSON.parse('{"__proto__": {"port": 1}}') as object) } }),
      "config.__proto__",
    ],
  ])("%s", async (_case, body, path) => {
    const before = await projectSnapshot(tenant.projectId);
    const response = await api("PUT", `/v1/connections/${id}`, { key: tenant.key, body: body() });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await projectSnapshot(tenant.projectId)).toBe(before);
  });
});
