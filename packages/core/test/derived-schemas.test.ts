import { describe, expect, it } from "vitest";
import {
  chatConnectorSchemas,
  CONNECTION_TYPE_REGISTRY,
  connectionInputSchemas,
  connectionOutputSchemas,
  connectionTypeRegistry,
  createConnectionInputSchema,
  postgresqlType,
} from "../src/index.ts";

describe("schemas derived from a registry", () => {
  it("are built once per registry and shared, the module defaults included", () => {
    expect(connectionInputSchemas(CONNECTION_TYPE_REGISTRY)).toBe(connectionInputSchemas(CONNECTION_TYPE_REGISTRY));
    expect(connectionInputSchemas(CONNECTION_TYPE_REGISTRY).create).toBe(createConnectionInputSchema);
    expect(connectionOutputSchemas(CONNECTION_TYPE_REGISTRY)).toBe(connectionOutputSchemas(CONNECTION_TYPE_REGISTRY));
    expect(chatConnectorSchemas(CONNECTION_TYPE_REGISTRY)).toBe(chatConnectorSchemas(CONNECTION_TYPE_REGISTRY));
  });

  it("are another registry's own", () => {
    const onlyPostgres = connectionTypeRegistry([postgresqlType]);
    const create = connectionInputSchemas(onlyPostgres).create;
    expect(create).not.toBe(createConnectionInputSchema);
    const mysql = {
      name: "m",
      project_id: "p",
      type: "dynamiq.connections.MySQL",
      config: { host: "db", user: "u", database: "d", password: "pw" },
    };
    expect(createConnectionInputSchema.safeParse(mysql).success).toBe(true);
    expect(create.safeParse(mysql).success).toBe(false);
  });
});
