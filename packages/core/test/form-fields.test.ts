import { describe, expect, it } from "vitest";
import {
  blankFormConfig,
  CONNECTION_TYPE_REGISTRY,
  CONNECTION_TYPES,
  connectionTypeOptions,
  databaseFieldsOf,
  fieldRows,
  isFieldShown,
  portPlaceholder,
  type ConnectionType,
} from "../src/index.ts";

const rowsOf = (type: ConnectionType) =>
  fieldRows(databaseFieldsOf(CONNECTION_TYPE_REGISTRY, type)).map((row) => row.map((field) => field.path));

describe("the form's fields, derived from the registry", () => {
  it("offers the five types by label, in the registry's order", () => {
    expect(connectionTypeOptions(CONNECTION_TYPE_REGISTRY).map(([, label]) => label)).toEqual([
      "PostgreSQL",
      "MySQL",
      "ClickHouse",
      "Vertica",
      "Trino",
    ]);
  });

  it("starts every field any type shows blank, selects without a blank choice on their first option", () => {
    expect(blankFormConfig(CONNECTION_TYPE_REGISTRY)).toEqual({
      host: "",
      port: "",
      database: "",
      user: "",
      password: "",
      catalog: "",
      schema: "",
      http_scheme: "http",
      secure: false,
      tls_ca: "",
      tls_mode: "",
      ssl: { mode: "", ca: "", cert: "", key: "" },
    });
  });

  it("puts host and port, user and password on one row each, in form order", () => {
    expect(rowsOf("dynamiq.connections.PostgreSQL")).toEqual([
      ["host", "port"],
      ["database"],
      ["user", "password"],
      ["ssl.mode"],
      ["ssl.ca"],
      ["ssl.cert"],
      ["ssl.key"],
    ]);
    expect(rowsOf("dynamiq.connections.Trino")).toEqual([
      ["http_scheme"],
      ["host", "port"],
      ["user", "password"],
      ["catalog", "schema"],
      ["tls_ca"],
    ]);
  });

  it("shows the port each type defaults to for the TLS setting on screen", () => {
    expect(portPlaceholder(CONNECTION_TYPES["dynamiq.connections.ClickHouse"], { secure: false })).toBe("8123");
    expect(portPlaceholder(CONNECTION_TYPES["dynamiq.connections.ClickHouse"], { secure: true })).toBe("8443");
    expect(portPlaceholder(CONNECTION_TYPES["dynamiq.connections.Trino"], { http_scheme: "https" })).toBe("443");
    expect(portPlaceholder(CONNECTION_TYPES["dynamiq.connections.Vertica"], {})).toBe("5433");
  });

  it("shows a dependent field only while the field it depends on is on", () => {
    const [caField] = databaseFieldsOf(CONNECTION_TYPE_REGISTRY, "dynamiq.connections.PostgreSQL").filter(
      (field) => field.path === "ssl.ca",
    );
    expect(isFieldShown(caField!, "")).toBe(false);
    expect(isFieldShown(caField!, "verify-full")).toBe(true);
    const [tlsCa] = databaseFieldsOf(CONNECTION_TYPE_REGISTRY, "dynamiq.connections.Trino").filter((field) => field.path === "tls_ca");
    expect(isFieldShown(tlsCa!, "http")).toBe(false);
    expect(isFieldShown(tlsCa!, "https")).toBe(true);
  });

  it("takes each schema default port from the same declaration the form shows", () => {
    for (const definition of CONNECTION_TYPE_REGISTRY.definitions) {
      // Every text field the form shows filled in, the port left blank.
      const filled = definition.fields
        .filter((field) => field.input === "text" || field.input === "password")
        .map((field) => [field.path, "x"]);
      const parsed = definition.config.safeParse({ ...Object.fromEntries(filled), host: "db.internal" });
      expect(parsed.success && (parsed.data as { port: number }).port).toBe(Number(portPlaceholder(definition, {})));
    }
  });
});
