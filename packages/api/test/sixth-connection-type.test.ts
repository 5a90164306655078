import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AppError,
  blankFormConfig,
  chatConnectorSchemas,
  CONNECTION_TYPE_REGISTRY,
  connectionInputSchemas,
  connectionOutputSchemas,
  connectionTypeOptions,
  createConnectionInputSchema,
  databaseFieldsOf,
} from "@connections/core";
import { BUILT_IN_DRIVERS, driverMap, type ConfigDriver, type DatabaseSession } from "@connections/drivers";
import { directTransport, TargetPolicy } from "@connections/tunnel";
import { openApiDocument } from "../src/index.ts";
import { FAKE, fakeType, SIX_CHOICES, sixTypes, type FakebaseConfig } from "./support/fakebase-type.ts";

const fakeCreate = { name: "fake", project_id: "p1", type: FAKE, config: { host: "fake.internal", token: "t0ken" } };

/** The REST adapter's answer for a zod failure: one detail per field. */
function details(result: { success: boolean; error?: z.ZodError }) {
  expect(result.success).toBe(false);
  return AppError.fromZod(result.error!).details;
}

describe("a sixth connection type added through the registry", () => {
  const inputs = connectionInputSchemas(sixTypes);

  it("is accepted by the create, test and update inputs, with its own defaults", () => {
    const created = inputs.create.parse(fakeCreate);
    expect(created).toEqual({ ...fakeCreate, config: { host: "fake.internal", port: 7777, token: "t0ken" } });
    expect(inputs.testUnsaved.parse({ type: FAKE, config: { host: "fake.internal", token: "" } }).config).toEqual({
      host: "fake.internal",
      port: 7777,
      token: "",
    });
    expect(inputs.update.parse({ type: FAKE, config: {} }).type).toBe(FAKE);
    expect(
      chatConnectorSchemas(sixTypes).create.parse({ name: "mine", type: FAKE, config: { host: "fake.internal", token: "x" } }).type,
    ).toBe(FAKE);
  });

  it("checks its config with its own schema", () => {
    expect(details(inputs.create.safeParse({ ...fakeCreate, config: { host: "fake.internal", token: "t", port: 0, extra: 1 } }))).toEqual(
      expect.arrayContaining([
        { path: "config.extra", message: "is not a known field", code: "INVALID_VALUE" },
        { path: "config.port", message: "must be a whole number from 1 to 65535", code: "INVALID_VALUE" },
      ]),
    );
  });

  it("is listed among the six choices when the type is unknown", () => {
    const unknown = { ...fakeCreate, type: "dynamiq.connections.Oracle" };
    expect(details(inputs.create.safeParse(unknown))).toEqual([{ path: "type", message: SIX_CHOICES, code: "INVALID_VALUE" }]);
    expect(details(inputs.testUnsaved.safeParse(unknown))).toEqual([{ path: "type", message: SIX_CHOICES, code: "INVALID_VALUE" }]);
    expect(details(chatConnectorSchemas(sixTypes).create.safeParse(unknown))).toEqual([
      { path: "type", message: SIX_CHOICES, code: "INVALID_VALUE" },
    ]);
    expect(details(inputs.update.safeParse({ type: "nope", config: {} }))).toEqual([
      { path: "type", message: SIX_CHOICES, code: "INVALID_VALUE" },
    ]);
  });

  it("stays unknown to the product's own five-type schemas", () => {
    const five = `must be one of: ${CONNECTION_TYPE_REGISTRY.names.join(", ")}`;
    expect(five).not.toContain(FAKE);
    expect(details(createConnectionInputSchema.safeParse(fakeCreate))).toEqual([{ path: "type", message: five, code: "INVALID_VALUE" }]);
  });

  it("is returned through its public schema", () => {
    const connection = connectionOutputSchemas(sixTypes).connection.parse({
      id: "c1",
      project_id: "p1",
      name: "fake",
      type: FAKE,
      read_only: false,
      config: { host: "fake.internal", port: 7777, has_token: true },
      last_test: null,
      created_at: "2026-12-03T00:00:00.000Z",
      updated_at: "2026-12-03T00:00:00.000Z",
    });
    expect(connection.config).toEqual({ host: "fake.internal", port: 7777, has_token: true });
  });

  it("appears in the OpenAPI document built from the registry, and only there", () => {
    const schemas = (document: ReturnType<typeof openApiDocument>) => JSON.stringify(document.components.schemas);
    const six = openApiDocument("http://localhost", sixTypes);
    const create = six.components.schemas.CreateConnectionRequest as {
      oneOf?: Array<{ properties: { type: { const?: string }; config: { properties: object } } }>;
    };
    const variant = create.oneOf?.find((option) => option.properties.type.const === FAKE);
    expect(variant?.properties.config.properties).toHaveProperty("token");
    expect(JSON.stringify(six.components.schemas.Connection)).toContain(FAKE);
    expect(JSON.stringify(six.components.schemas.TestUnsavedConnectionRequest)).toContain(FAKE);
    expect(schemas(openApiDocument("http://localhost"))).not.toContain(FAKE);
  });

  it("is offered in the form's type list with its fields", () => {
    const options = connectionTypeOptions(sixTypes);
    expect(options).toHaveLength(6);
    expect(options.at(-1)).toEqual([FAKE, "Fakebase"]);
    expect(connectionTypeOptions(CONNECTION_TYPE_REGISTRY).map(([type]) => type)).not.toContain(FAKE);
    expect(databaseFieldsOf(sixTypes, FAKE).map((field) => field.path)).toEqual(["host", "port", "token"]);
    expect(blankFormConfig(sixTypes)).toMatchObject({ host: "", port: "", token: "" });
  });

  it("gets its driver through the registry's driver map, with the query deadline", async () => {
    const queries: string[] = [];
    const fakeDriver: ConfigDriver<FakebaseConfig> = {
      async connect(config): Promise<DatabaseSession> {
        return {
          query: (sql) => {
            queries.push(`${config.host}:${config.port} ${sql}`);
            // Never answers, as a database behind a frozen bastion would not.
            return new Promise(() => {});
          },
          reset: async () => {},
          isOpen: () => true,
          close: async () => {},
        };
      },
    };
    const drivers = driverMap(sixTypes, { ...BUILT_IN_DRIVERS, [FAKE]: fakeDriver });
    const session = await drivers[FAKE].connect(fakeType.config.parse(fakeCreate.config), {
      transport: directTransport(new TargetPolicy()),
      connectTimeoutMs: 1000,
    });
    await expect(session.query("select 1", [], { maxRows: 1, timeoutMs: 50 })).rejects.toMatchObject({
      code: "QUERY_TIMEOUT",
      stage: "query",
    });
    expect(queries).toEqual(["fake.internal:7777 select 1"]);
  });
});
