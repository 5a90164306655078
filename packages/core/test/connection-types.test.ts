import { describe, expect, it } from "vitest";
import {
  AppError,
  CONNECTION_TYPE_NAMES,
  CONNECTION_TYPES,
  connectionTypeSchema,
  createConnectionInputSchema,
  secretPathsOf,
} from "../src/index.ts";
import { MINIMAL_CONFIGS } from "./valid-configs.ts";

const EXPECTED_TYPES = [
  "dynamiq.connections.PostgreSQL",
  "dynamiq.connections.MySQL",
  "dynamiq.connections.ClickHouse",
  "dynamiq.connections.Vertica",
  "dynamiq.connections.Trino",
];

function fieldErrors(input: unknown) {
  const result = createConnectionInputSchema.safeParse(input);
  if (result.success) throw new Error("expected the input to be rejected");
  return AppError.fromZod(result.error).details as { path: string; message: string }[];
}

describe("connection type strings", () => {
  it("are exactly the five dynamiq.connections.* names", () => {
    expect([...CONNECTION_TYPE_NAMES].sort()).toEqual([...EXPECTED_TYPES].sort());
    expect(Object.keys(CONNECTION_TYPES).sort()).toEqual([...EXPECTED_TYPES].sort());
  });

  it.each(EXPECTED_TYPES)("accepts %s", (type) => {
    expect(connectionTypeSchema.parse(type)).toBe(type);
  });

  it.each(["PostgreSQL", "dynamiq.connections.postgresql", "dynamiq.connections.Postgres", " dynamiq.connections.MySQL"])(
    "rejects the near miss %j",
    (type) => {
      expect(connectionTypeSchema.safeParse(type).success).toBe(false);
    },
  );

  it("lists the valid types when the type is unknown", () => {
    const result = connectionTypeSchema.safeParse("dynamiq.connections.Oracle");
    expect(result.success).toBe(false);
    const message = result.error!.issues[0]!.message;
    for (const type of EXPECTED_TYPES) expect(message).toContain(type);
  });

  it("says a missing type is required", () => {
    expect(connectionTypeSchema.safeParse(undefined).error!.issues[0]!.message).toBe("is required");
  });
});

describe("createConnectionInputSchema", () => {
  it.each(EXPECTED_TYPES)("accepts a minimal %s connection", (type) => {
    const input = { name: "warehouse", project_id: "prj_1", type, config: MINIMAL_CONFIGS[type as keyof typeof MINIMAL_CONFIGS] };
    const parsed = createConnectionInputSchema.parse(input);
    expect(parsed.type).toBe(type);
    expect(parsed.config.host).toBe("db.internal");
  });

  it("reports an unknown type at path 'type' with the list of valid types", () => {
    const errors = fieldErrors({ name: "x", project_id: "prj_1", type: "dynamiq.connections.Oracle", config: {} });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("type");
    for (const type of EXPECTED_TYPES) expect(errors[0]!.message).toContain(type);
  });

  it("reports a missing type at path 'type'", () => {
    const errors = fieldErrors({ name: "x", project_id: "prj_1", config: {} });
    expect(errors.map((e) => e.path)).toEqual(["type"]);
  });

  it("validates config against the schema of the given type", () => {
    // ClickHouse has `secure`; PostgreSQL does not.
    const errors = fieldErrors({
      name: "x",
      project_id: "prj_1",
      type: "dynamiq.connections.PostgreSQL",
      config: { ...MINIMAL_CONFIGS["dynamiq.connections.PostgreSQL"], secure: true },
    });
    expect(errors).toEqual([expect.objectContaining({ path: "config.secure", message: "is not a known field" })]);
  });

  it("rejects unknown top-level fields, naming them", () => {
    const errors = fieldErrors({
      name: "x",
      project_id: "prj_1",
      type: "dynamiq.connections.Trino",
      config: MINIMAL_CONFIGS["dynamiq.connections.Trino"],
      owner: "me",
    });
    expect(errors.map((e) => e.path)).toEqual(["owner"]);
  });

  it("trims the name and rejects a blank one", () => {
    const base = { project_id: "prj_1", type: "dynamiq.connections.Trino", config: MINIMAL_CONFIGS["dynamiq.connections.Trino"] };
    expect(createConnectionInputSchema.parse({ ...base, name: "  prod  " }).name).toBe("prod");
    expect(fieldErrors({ ...base, name: "   " })).toEqual([expect.objectContaining({ path: "name", message: "must not be empty" })]);
  });
});

describe("secretPathsOf", () => {
  it("includes the database's own secrets, the tunnel's and each possible jump host's", () => {
    const hops = [0, 1, 2, 3].flatMap((i) => [
      `ssh_tunnel.jump_hosts.${i}.private_key`,
      `ssh_tunnel.jump_hosts.${i}.private_key_passphrase`,
    ]);
    expect(secretPathsOf("dynamiq.connections.PostgreSQL")).toEqual([
      "password",
      "ssl.key",
      "ssh_tunnel.private_key",
      "ssh_tunnel.private_key_passphrase",
      ...hops,
    ]);
    expect(secretPathsOf("dynamiq.connections.Trino")).toEqual([
      "password",
      "ssh_tunnel.private_key",
      "ssh_tunnel.private_key_passphrase",
      ...hops,
    ]);
  });
});
