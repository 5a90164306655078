import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../src/openapi/openapi-document.ts";

const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

describe("the OpenAPI document", () => {
  it("describes every REST operation, generated from the schemas the services validate with", () => {
    const document = openApiDocument("http://localhost:3000");
    expect(document.openapi).toMatch(/^3\.1/);
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object)
        .filter((key) => HTTP_METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        "DELETE /v1/connections/{id}",
        "GET /v1/audit",
        "GET /v1/connections",
        "GET /v1/connections/{id}",
        "GET /v1/tunnels",
        "POST /v1/connections",
        "POST /v1/connections/test",
        "POST /v1/connections/{id}/query",
        "POST /v1/connections/{id}/test",
        "PUT /v1/connections/{id}",
      ].sort(),
    );
    const create = JSON.stringify((document.components.schemas as Record<string, unknown>).CreateConnectionRequest);
    for (const type of ["PostgreSQL", "MySQL", "ClickHouse", "Vertica", "Trino"]) expect(create).toContain(`"dynamiq.connections.${type}"`);
  });

  it("documents jump hosts in the request bodies and in the connection as returned (SPEC §10)", () => {
    const schemas = openApiDocument("http://localhost:3000").components.schemas as Record<string, unknown>;
    for (const name of ["CreateConnectionRequest", "TestUnsavedConnectionRequest"]) {
      const given = propertySchemas(schemas[name], "jump_hosts");
      expect(given, name).toHaveLength(5);
      for (const hops of given) {
        expect(hops).toMatchObject({ type: "array", maxItems: 4, items: { required: ["host", "user"], additionalProperties: false } });
        expect(Object.keys((hops as { items: { properties: object } }).items.properties).sort()).toEqual(
          ["host", "host_key_fingerprint", "port", "private_key", "private_key_passphrase", "user"].sort(),
        );
      }
    }
    const shown = propertySchemas(schemas.Connection, "jump_hosts");
    expect(shown.length).toBeGreaterThan(0);
    for (const hops of shown) {
      expect(hops).toMatchObject({
        type: "array",
        items: {
          properties: { key_source: { enum: ["provided", "tunnel"] }, authorized_keys_line: { type: "string" } },
          required: expect.arrayContaining(["public_key", "authorized_keys_line", "has_private_key_passphrase", "key_source"]),
        },
      });
      expect(JSON.stringify(hops)).not.toMatch(/"private_key"|"private_key_passphrase"/);
    }
  });
});

/** Every schema given for a property of this name, anywhere inside `schema`. */
function propertySchemas(schema: unknown, name: string): unknown[] {
  if (typeof schema !== "object" || schema === null) return [];
  const own = (schema as { properties?: Record<string, unknown> }).properties?.[name];
  return [...(own === undefined ? [] : [own]), ...Object.values(schema).flatMap((value) => propertySchemas(value, name))];
}
