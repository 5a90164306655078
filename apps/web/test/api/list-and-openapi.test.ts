import { beforeAll, describe, expect, it } from "vitest";
import { newTenant, type Tenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";

let tenant: Tenant;
const names = ["a", "b", "c", "d", "e"];

beforeAll(async () => {
  tenant = await newTenant("listing");
  for (const name of names) {
    const created = await api("POST", "/v1/connections", {
      key: tenant.key,
      body: {
        name,
        project_id: tenant.projectId,
        type: "dynamiq.connections.Vertica",
        config: { host: "vertica.internal", database: "v", user: "u", password: "p" },
      },
    });
    expect(created.status).toBe(201);
  }
});

describe("GET /v1/connections", () => {
  it("pages through every connection exactly once with limit and cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?project_id=${tenant.projectId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await api("GET", `/v1/connections${query}`, { key: tenant.key });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((c: { name: string }) => c.name));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["cursor=conn_unknown", "cursor"],
    ["colour=blue", "colour"],
  ])("rejects %s with the parameter named", async (query, path) => {
    const response = await api("GET", `/v1/connections?${query}`, { key: tenant.key });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});

describe("GET /v1/openapi.json", () => {
  it("describes the API with schemas generated from the shared zod schemas", async () => {
    const response = await api("GET", "/v1/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        "/v1/connections",
        "/v1/connections/{id}",
        "/v1/connections/test",
        "/v1/connections/{id}/test",
        "/v1/connections/{id}/query",
      ]),
    );
    expect(response.body.components.schemas.QueryRequest.properties.max_rows.default).toBe(1000);
    const create = response.body.components.schemas.CreateConnectionRequest;
    const types = create.oneOf ?? create.anyOf;
    expect(types.map((variant: { properties: { type: { const: string } } }) => variant.properties.type.const)).toEqual([
      "dynamiq.connections.PostgreSQL",
      "dynamiq.connections.MySQL",
      "dynamiq.connections.ClickHouse",
      "dynamiq.connections.Vertica",
      "dynamiq.connections.Trino",
    ]);
    const postgres = types[0].properties.config;
    expect(postgres.properties.port).toMatchObject({ default: 5432, minimum: 1, maximum: 65535 });
    const [bastion, reverse] = postgres.properties.ssh_tunnel.oneOf;
    expect(bastion.properties.port.default).toBe(22);
    expect(bastion.properties.mode).toMatchObject({ const: "bastion" });
    expect(reverse.properties.mode).toMatchObject({ const: "reverse" });
    expect(reverse.required).toEqual(["mode", "authorized_key"]);
    expect(Object.keys(reverse.properties)).toEqual(["mode", "authorized_key"]);
  });

  it("answers unknown /v1 paths with a JSON 404", async () => {
    const response = await api("GET", "/v1/connectionz");
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("NOT_FOUND");
  });
});
