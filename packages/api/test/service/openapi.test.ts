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
        "GET /v1/connections",
        "GET /v1/connections/{id}",
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
});
