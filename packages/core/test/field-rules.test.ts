import { describe, expect, it } from "vitest";
import { AppError, CONNECTION_TYPES } from "../src/index.ts";
import { MINIMAL_CONFIGS, pem } from "./valid-configs.ts";

type Type = keyof typeof CONNECTION_TYPES;
const TYPES = Object.keys(CONNECTION_TYPES) as Type[];

function errors(type: Type, overrides: Record<string, unknown>) {
  const result = CONNECTION_TYPES[type].config.safeParse({ ...MINIMAL_CONFIGS[type], ...overrides });
  if (result.success) throw new Error(`expected ${JSON.stringify(overrides)} to be rejected`);
  return AppError.fromZod(result.error, ["config"]).details as { path: string; message: string }[];
}

function accepts(type: Type, overrides: Record<string, unknown>) {
  return CONNECTION_TYPES[type].config.parse({ ...MINIMAL_CONFIGS[type], ...overrides }) as Record<string, unknown>;
}

describe("port", () => {
  it.each(TYPES)("%s accepts 1 and 65535", (type) => {
    expect(accepts(type, { port: 1 }).port).toBe(1);
    expect(accepts(type, { port: 65535 }).port).toBe(65535);
  });

  it.each(TYPES)("%s rejects 0, 70000, -1 and 5432.5", (type) => {
    for (const port of [0, 70000, -1, 5432.5]) {
      expect(errors(type, { port })).toEqual([
        { path: "config.port", message: "must be a whole number from 1 to 65535", code: "INVALID_VALUE" },
      ]);
    }
  });

  it.each(TYPES)('%s rejects the string "5432" instead of coercing it', (type) => {
    expect(errors(type, { port: "5432" })).toEqual([
      { path: "config.port", message: "must be a whole number from 1 to 65535", code: "INVALID_VALUE" },
    ]);
  });
});

describe("host", () => {
  it.each(["db.internal", "db", "10.0.0.5", "::1", "2001:db8::10", "my_db-1.prod.example.com"])("accepts %s", (host) => {
    expect(accepts("dynamiq.connections.PostgreSQL", { host }).host).toBe(host);
  });

  it("trims surrounding whitespace", () => {
    expect(accepts("dynamiq.connections.PostgreSQL", { host: "  db.internal\n" }).host).toBe("db.internal");
  });

  it.each([
    ["a scheme", "postgres://db.internal"],
    ["an https URL", "https://trino.example.com"],
    ["a space", "db internal"],
    ["a path", "db.internal/app"],
    ["a host:port", "db.internal:5432"],
    ["an IPv4 address with a port", "10.0.0.5:5432"],
    ["a hex-looking name with a port", "db:5432"],
    ["a lone colon", ":"],
    ["a user@host", "me@db.internal"],
    ["a leading dash", "-db"],
    ["a bracketed IPv6 address (give it bare)", "[2001:db8::10]"],
  ])("rejects %s", (_what, host) => {
    const [error, ...rest] = errors("dynamiq.connections.PostgreSQL", { host });
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ path: "config.host", message: expect.stringContaining("bare host name or IP address") });
  });

  it("rejects an empty and an over-long host", () => {
    expect(errors("dynamiq.connections.MySQL", { host: "  " })[0]).toMatchObject({ path: "config.host", message: "must not be empty" });
    expect(errors("dynamiq.connections.MySQL", { host: "a".repeat(254) })[0]).toMatchObject({ path: "config.host" });
  });

  it("says what it expected for a wrong JSON type", () => {
    expect(errors("dynamiq.connections.Vertica", { host: 42 })[0]).toMatchObject({
      path: "config.host",
      message: "must be a host name or IP address",
    });
  });
});

describe("unknown fields", () => {
  it.each(TYPES)("%s rejects an unknown field, naming it", (type) => {
    expect(errors(type, { hostname: "x" })).toEqual([{ path: "config.hostname", message: "is not a known field", code: "INVALID_VALUE" }]);
  });

  it("names every unknown field, not just the first", () => {
    expect(errors("dynamiq.connections.ClickHouse", { a: 1, b: 2 }).map((e) => e.path)).toEqual(["config.a", "config.b"]);
  });
});

const PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const PEM_KEY = pem("PRIVATE KEY", "MIIE");

describe.each([
  ["dynamiq.connections.PostgreSQL", ["disable", "require", "verify-ca", "verify-full"], "required"],
  ["dynamiq.connections.MySQL", ["disabled", "required", "verify_ca", "verify_identity"], "require"],
] as const)("%s ssl", (type, modes, otherTypesMode) => {
  it("accepts each documented mode", () => {
    for (const mode of modes) expect((accepts(type, { ssl: { mode } }).ssl as { mode: string }).mode).toBe(mode);
  });

  it("rejects the other database's spelling of a mode", () => {
    expect(errors(type, { ssl: { mode: otherTypesMode } })[0]?.path).toBe("config.ssl.mode");
  });

  it("accepts a client certificate with its key", () => {
    expect(accepts(type, { ssl: { mode: modes[1], ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY } }).ssl).toMatchObject({
      cert: PEM_CERT,
      key: PEM_KEY,
    });
  });

  it("rejects a certificate without its key, at the missing key", () => {
    expect(errors(type, { ssl: { mode: modes[1], cert: PEM_CERT } })).toEqual([
      expect.objectContaining({ path: "config.ssl.key", message: expect.stringContaining("cert and key must be given together") }),
    ]);
  });

  it("rejects a key without its certificate, at the missing cert", () => {
    expect(errors(type, { ssl: { mode: modes[1], key: PEM_KEY } })).toEqual([
      expect.objectContaining({ path: "config.ssl.cert", message: expect.stringContaining("cert and key must be given together") }),
    ]);
  });

  it("rejects text that is not PEM", () => {
    expect(errors(type, { ssl: { mode: modes[1], ca: "/etc/ssl/ca.pem" } })).toEqual([
      expect.objectContaining({ path: "config.ssl.ca", message: expect.stringContaining("PEM") }),
    ]);
  });

  it("rejects unknown ssl fields", () => {
    expect(errors(type, { ssl: { mode: modes[0], rejectUnauthorized: false } }).map((e) => e.path)).toEqual([
      "config.ssl.rejectUnauthorized",
    ]);
  });
});

describe.each(["dynamiq.connections.ClickHouse", "dynamiq.connections.Trino"] as const)("%s tls_ca", (type) => {
  it("accepts a PEM CA and returns it in the public config", () => {
    expect(accepts(type, { tls_ca: PEM_CERT }).tls_ca).toBe(PEM_CERT);
    expect(CONNECTION_TYPES[type].publicConfig.parse({ ...accepts(type, { tls_ca: PEM_CERT }), has_password: false }).tls_ca).toBe(
      PEM_CERT,
    );
  });

  it("rejects text that is not PEM, like ssl.ca", () => {
    expect(errors(type, { tls_ca: "/etc/ssl/ca.pem" })).toEqual([
      expect.objectContaining({ path: "config.tls_ca", message: "must be PEM text (-----BEGIN …-----)" }),
    ]);
  });
});
