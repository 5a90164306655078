import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { newTenant, projectSnapshot, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { validPostgresBody } from "../support/valid-config.ts";

let a: Tenant;
let b: Tenant;
let bConnectionId: string;
let body: ReturnType<typeof validPostgresBody>;

beforeAll(async () => {
  a = await newTenant("tenant-a");
  b = await newTenant("tenant-b");
  const { privateKey } = sshKeygen(scratchDir("keys"), "bastion");
  body = validPostgresBody(b.projectId, privateKey);
  const created = await api("POST", "/v1/connections", { key: b.key, body });
  expect(created.status).toBe(201);
  bConnectionId = created.body.data.id;
});

type Call = readonly [method: string, path: () => string, body: (() => unknown) | undefined];

const calls = (id: () => string): Call[] => [
    ["GET", () => "/v1/connections", undefined],
    ["POST", () => "/v1/connections", () => body],
    ["GET", () => `/v1/connections/${id()}`, undefined],
    ["PUT", () => `/v1/connections/${id()}`, () => ({ config: body.config })],
    ["DELETE", () => `/v1/connections/${id()}`, undefined],
  ];

describe("authentication", () => {
  const badKeys: Array<[string, string | undefined]> = [
    ["no key", undefined],
    ["a malformed key", "not-a-key"],
    ["a well-formed key that does not exist", `cnk_0123456789abcdef_${"A".repeat(43)}`],
  ];
  for (const [label, key] of badKeys) {
    it.each(calls(() => bConnectionId))(`${label}: %s %s → 401`, async (method, path, makeBody) => {
      const before = await projectSnapshot(b.projectId);
      const response = await api(method, path(), { key, body: makeBody?.() });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("UNAUTHENTICATED");
      expect(response.body.error.message).toMatch(/access key/i);
      expect(await projectSnapshot(b.projectId)).toBe(before);
    });
  }

  it("a key whose secret part is wrong → 401 even though its id exists", async () => {
    const tampered = `${b.key.slice(0, -4)}AAAA`;
    expect((await api("GET", "/v1/connections", { key: tampered })).status).toBe(401);
  });
});

describe("project isolation: project A's key on project B's data → 404, nothing changes", () => {
  it.each<[string, ...Call]>([
    ["read", "GET", () => `/v1/connections/${bConnectionId}`, undefined],
    ["update", "PUT", () => `/v1/connections/${bConnectionId}`, () => ({ name: "taken-over", config: body.config })],
    ["delete", "DELETE", () => `/v1/connections/${bConnectionId}`, undefined],
    ["list by project_id", "GET", () => `/v1/connections?project_id=${b.projectId}`, undefined],
    ["create in B's project", "POST", () => "/v1/connections", () => ({ ...body, name: "intruder" })],
  ])("%s", async (_label, method, path, makeBody) => {
    const before = await projectSnapshot(b.projectId);
    const response = await api(method, path(), { key: a.key, body: makeBody?.() });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("NOT_FOUND");
    expect(await projectSnapshot(b.projectId)).toBe(before);
  });

  it("A's unfiltered list does not include B's connections", async () => {
    const response = await api("GET", "/v1/connections", { key: a.key });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([]);
  });

  it("a missing connection and another project's connection look the same", async () => {
    const missing = await api("GET", "/v1/connections/conn_does_not_exist", { key: a.key });
    const foreign = await api("GET", `/v1/connections/${bConnectionId}`, { key: a.key });
    expect(missing.status).toBe(foreign.status);
    expect(Object.keys(missing.body.error)).toEqual(Object.keys(foreign.body.error));
  });
});
