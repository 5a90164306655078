import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir, sshKeygen } from "@connections/testkit";
import { newTenant, projectSnapshot, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { validPostgresBody } from "../support/valid-config.ts";

// Project isolation (another project's rows answer 404) is swept over every REST route and tRPC
// procedure in test/reliability/cross-tenant.test.ts.

let b: Tenant;
let bConnectionId: string;
let body: ReturnType<typeof validPostgresBody>;

beforeAll(async () => {
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
