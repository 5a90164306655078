import { describe, expect, it } from "vitest";
import { CONNECTION_TYPES } from "../src/index.ts";
import { MINIMAL_CONFIGS, TUNNEL } from "./valid-configs.ts";

function parse(type: keyof typeof CONNECTION_TYPES, overrides: Record<string, unknown> = {}) {
  return CONNECTION_TYPES[type].config.parse({ ...MINIMAL_CONFIGS[type], ...overrides }) as Record<string, unknown>;
}

describe("PostgreSQL defaults", () => {
  it("uses port 5432", () => {
    expect(parse("dynamiq.connections.PostgreSQL").port).toBe(5432);
  });
  it("keeps an explicit port", () => {
    expect(parse("dynamiq.connections.PostgreSQL", { port: 6432 }).port).toBe(6432);
  });
  it("has no ssl block unless given", () => {
    expect(parse("dynamiq.connections.PostgreSQL")).not.toHaveProperty("ssl");
  });
});

describe("MySQL defaults", () => {
  it("uses port 3306", () => {
    expect(parse("dynamiq.connections.MySQL").port).toBe(3306);
  });
});

describe("ClickHouse defaults", () => {
  it("uses port 8123, database and user 'default', secure false", () => {
    expect(parse("dynamiq.connections.ClickHouse")).toEqual({
      host: "db.internal",
      port: 8123,
      database: "default",
      user: "default",
      password: "",
      secure: false,
    });
  });
  it("uses port 8443 when secure", () => {
    expect(parse("dynamiq.connections.ClickHouse", { secure: true }).port).toBe(8443);
  });
  it("keeps an explicit port even when secure", () => {
    expect(parse("dynamiq.connections.ClickHouse", { secure: true, port: 9440 }).port).toBe(9440);
  });
  it("accepts an empty password (the stock default user has none)", () => {
    expect(parse("dynamiq.connections.ClickHouse", { password: "" }).password).toBe("");
  });
  it("requires secure to be a boolean", () => {
    const result = CONNECTION_TYPES["dynamiq.connections.ClickHouse"].config.safeParse({
      ...MINIMAL_CONFIGS["dynamiq.connections.ClickHouse"],
      secure: "true",
    });
    expect(result.error?.issues[0]).toMatchObject({ path: ["secure"], message: "must be true or false" });
  });
});

describe("Vertica defaults", () => {
  it("uses port 5433", () => {
    expect(parse("dynamiq.connections.Vertica").port).toBe(5433);
  });
  it("accepts each tls_mode and rejects others", () => {
    for (const mode of ["disable", "require", "verify-ca", "verify-full"]) {
      expect(parse("dynamiq.connections.Vertica", { tls_mode: mode }).tls_mode).toBe(mode);
    }
    expect(
      CONNECTION_TYPES["dynamiq.connections.Vertica"].config.safeParse({
        ...MINIMAL_CONFIGS["dynamiq.connections.Vertica"],
        tls_mode: "on",
      }).success,
    ).toBe(false);
  });
});

describe("Trino defaults", () => {
  it("uses http on port 8080", () => {
    const config = parse("dynamiq.connections.Trino");
    expect(config.http_scheme).toBe("http");
    expect(config.port).toBe(8080);
  });
  it("uses port 443 with https", () => {
    expect(parse("dynamiq.connections.Trino", { http_scheme: "https" }).port).toBe(443);
  });
  it("keeps an explicit port with https", () => {
    expect(parse("dynamiq.connections.Trino", { http_scheme: "https", port: 8443 }).port).toBe(8443);
  });
  it("makes the password optional", () => {
    expect(parse("dynamiq.connections.Trino")).not.toHaveProperty("password");
  });
  it("rejects an unknown http_scheme", () => {
    const result = CONNECTION_TYPES["dynamiq.connections.Trino"].config.safeParse({
      ...MINIMAL_CONFIGS["dynamiq.connections.Trino"],
      http_scheme: "ftp",
    });
    expect(result.error?.issues[0]?.path).toEqual(["http_scheme"]);
  });
});

describe("ssh_tunnel defaults", () => {
  it.each(Object.keys(CONNECTION_TYPES) as (keyof typeof CONNECTION_TYPES)[])("%s: tunnel port defaults to 22", (type) => {
    const config = parse(type, { ssh_tunnel: TUNNEL });
    expect(config.ssh_tunnel).toEqual({ host: "bastion.example.com", port: 22, user: "tunnel" });
  });
  it("does not add a tunnel when none is given", () => {
    expect(parse("dynamiq.connections.MySQL")).not.toHaveProperty("ssh_tunnel");
  });
});

describe("required fields", () => {
  it.each([
    ["dynamiq.connections.PostgreSQL", ["host", "database", "user", "password"]],
    ["dynamiq.connections.MySQL", ["host", "database", "user", "password"]],
    ["dynamiq.connections.ClickHouse", ["host", "password"]],
    ["dynamiq.connections.Vertica", ["host", "database", "user", "password"]],
    ["dynamiq.connections.Trino", ["host", "user"]],
  ] as const)("%s requires %j", (type, fields) => {
    const result = CONNECTION_TYPES[type].config.safeParse({});
    expect(result.success).toBe(false);
    const issues = result.error!.issues;
    expect(issues.map((i) => i.path.join(".")).sort()).toEqual([...fields].sort());
    for (const issue of issues) expect(issue.message).toBe("is required");
  });
});
