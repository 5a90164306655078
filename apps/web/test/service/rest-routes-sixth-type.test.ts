import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectionTypesOf } from "@connections/api";
import { BUILT_IN_DRIVERS, type ConfigDriver } from "@connections/drivers";
import { FAKE, SIX_CHOICES, sixTypes, type FakebaseConfig } from "../../../../packages/api/test/support/fakebase-type.ts";
import { openScratchServices, type ScratchServices } from "../../../../packages/api/test/service/support/scratch-services.ts";
import { newTenant, type Tenant } from "../../../../packages/api/test/service/support/world.ts";

// The real REST route modules, run in-process on a scratch context that serves six types: the
// routes take their body schemas from the context's registry, not from the product's five.
const context = vi.hoisted(() => ({ services: undefined as unknown }));
vi.mock("~/server/services.ts", () => ({ services: async () => context.services }));

const { GET: listRoute, POST: createRoute } = await import("../../app/v1/connections/route.ts");
const { PUT: updateRoute } = await import("../../app/v1/connections/[id]/route.ts");

// Creating, reading and updating never connects; a connect would be a bug here.
const unusedDriver: ConfigDriver<FakebaseConfig> = {
  connect: () => Promise.reject(new Error("the REST create/update routes must not connect")),
};

let services: ScratchServices;
let tenant: Tenant;

beforeAll(async () => {
  services = await openScratchServices({ connectionTypes: connectionTypesOf(sixTypes, { ...BUILT_IN_DRIVERS, [FAKE]: unusedDriver }) });
  context.services = services;
  tenant = await newTenant(services, "rest-sixth");
});
afterAll(async () => {
  await services?.close();
});

function request(method: string, path: string, body?: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${tenant.accessKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const route = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

async function rowCount(): Promise<number> {
  return services.db.connection.count();
}

describe("REST routes for a sixth type added through the registry alone", () => {
  it("POST /v1/connections creates it: 201, its public config, its secret kept apart", async () => {
    const response = await createRoute(
      request("POST", "/v1/connections", {
        name: "fakebase",
        project_id: tenant.projectId,
        type: FAKE,
        config: { host: "db.internal", token: "t0ken" },
      }),
      route(),
    );
    expect(response.status).toBe(201);
    const { data } = (await response.json()) as { data: { id: string; type: string; config: unknown } };
    expect(data).toMatchObject({ type: FAKE, config: { host: "db.internal", port: 7777, has_token: true } });
    const listed = (await (await listRoute(request("GET", "/v1/connections"), route())).json()) as { data: { id: string }[] };
    expect(listed.data.map((connection) => connection.id)).toEqual([data.id]);
  });

  it("POST /v1/connections refuses an unknown type with 422 on `type`, naming the six, and stores nothing", async () => {
    const before = await rowCount();
    const response = await createRoute(
      request("POST", "/v1/connections", { name: "oracle", project_id: tenant.projectId, type: "dynamiq.connections.Oracle", config: {} }),
      route(),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { code: "VALIDATION_FAILED", details: [{ path: "type", code: "INVALID_VALUE", message: SIX_CHOICES }] },
    });
    expect(await rowCount()).toBe(before);
  });

  it("PUT /v1/connections/{id} checks the fake type's own fields and leaves the row unchanged", async () => {
    const [row] = await services.db.connection.findMany();
    const response = await updateRoute(
      request("PUT", `/v1/connections/${row!.id}`, { config: { host: "db.internal", port: "7777" } }),
      route({ id: row!.id }),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ path: "config.port" }] } });
    expect(await services.db.connection.findUniqueOrThrow({ where: { id: row!.id } })).toEqual(row);
  });
});
