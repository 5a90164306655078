import { describe, expect, it } from "vitest";
import { connectionFormBody, connectionFormSchema, type ConnectionFormValues } from "../src/index.ts";
import { pem } from "./valid-configs.ts";

const KEY = pem("OPENSSH PRIVATE KEY", "placeholder");

function values(overrides: Partial<ConnectionFormValues> = {}, config: Record<string, unknown> = {}): ConnectionFormValues {
  return {
    name: "warehouse",
    type: "dynamiq.connections.PostgreSQL",
    tunnel: true,
    key_source: "paste",
    config: {
      host: "10.0.12.34",
      port: "",
      database: "app",
      user: "reader",
      password: "",
      ssl: { mode: "", ca: "" },
      ssh_tunnel: {
        host: "bastion.example.com",
        port: "2222",
        user: "dynamiq",
        private_key: KEY,
        private_key_passphrase: "",
        host_key_fingerprint: "",
      },
      ...config,
    },
    ...overrides,
  };
}

const storedEdit = { paths: new Set(["password", "ssh_tunnel.private_key"]), generatedKey: false };

function issuesOf(result: ReturnType<ReturnType<typeof connectionFormSchema>["safeParse"]>) {
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
}

describe("the connection form's body", () => {
  it("sends the read-only switch as read_only, off unless turned on", () => {
    expect(connectionFormBody(values({ read_only: true })).read_only).toBe(true);
    expect(connectionFormBody(values({ read_only: false })).read_only).toBe(false);
    expect(connectionFormBody(values()).read_only).toBe(false);
  });

  it("leaves blank fields out, makes ports numbers and keeps a blank new password as an empty one", () => {
    expect(connectionFormBody(values())).toEqual({
      name: "warehouse",
      type: "dynamiq.connections.PostgreSQL",
      read_only: false,
      config: {
        host: "10.0.12.34",
        database: "app",
        user: "reader",
        password: "",
        ssh_tunnel: { host: "bastion.example.com", port: 2222, user: "dynamiq", private_key: KEY },
      },
    });
  });

  it("leaves out blank secrets that are stored, so the server keeps them", () => {
    const body = connectionFormBody(values({}, { ssh_tunnel: { host: "b", port: "", user: "u", private_key: "" } }), storedEdit);
    expect(body.config).toEqual({ host: "10.0.12.34", database: "app", user: "reader", ssh_tunnel: { host: "b", user: "u" } });
    expect(connectionFormSchema(storedEdit).safeParse(values({}, { ssh_tunnel: { host: "b", user: "u", private_key: "" } })).success).toBe(
      true,
    );
  });

  it("keeps a pinned host key left in its field, and clears it (null) when the field is emptied", () => {
    const pin = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
    const pinned = { ...storedEdit, hostKeyPinned: true };
    const tunnel = { host: "b", user: "u", private_key: "" };
    expect(connectionFormBody(values({}, { ssh_tunnel: { ...tunnel, host_key_fingerprint: pin } }), pinned).config.ssh_tunnel).toEqual({
      host: "b",
      user: "u",
      host_key_fingerprint: pin,
    });
    expect(connectionFormBody(values({}, { ssh_tunnel: { ...tunnel, host_key_fingerprint: "" } }), pinned).config.ssh_tunnel).toEqual({
      host: "b",
      user: "u",
      host_key_fingerprint: null,
    });
    expect(connectionFormSchema(pinned).safeParse(values({}, { ssh_tunnel: { ...tunnel, host_key_fingerprint: "" } })).success).toBe(true);
  });

  it("removes the tunnel when it is switched off", () => {
    expect(connectionFormBody(values({ tunnel: false })).config).not.toHaveProperty("ssh_tunnel");
  });

  it("generates a key: leaves the key and passphrase out, or sends null to replace a pasted one", () => {
    const generate = values(
      { key_source: "generate" },
      { ssh_tunnel: { host: "b", user: "u", private_key: KEY, private_key_passphrase: "x" } },
    );
    expect(connectionFormBody(generate).config.ssh_tunnel).toEqual({ host: "b", user: "u" });
    expect(connectionFormBody(generate, storedEdit).config.ssh_tunnel).toEqual({ host: "b", user: "u", private_key: null });
    expect(connectionFormBody(generate, { ...storedEdit, generatedKey: true }).config.ssh_tunnel).toEqual({ host: "b", user: "u" });
    expect(connectionFormSchema(storedEdit).safeParse(generate).success).toBe(true);
  });

  it("reports bad input on the fields the API would name", () => {
    const result = connectionFormSchema().safeParse(
      values({ name: "  " }, { port: "70000", ssh_tunnel: { host: "b", port: "x", user: "" } }),
    );
    expect(issuesOf(result)).toEqual([
      ["name", "Enter a name."],
      ["config.port", "Port must be a whole number from 1 to 65535."],
      ["config.ssh_tunnel.port", "SSH port must be a whole number from 1 to 65535."],
      ["config.ssh_tunnel.user", "Enter the SSH user."],
    ]);
  });

  it("asks for a required password only when none is stored", () => {
    const trino = values({ type: "dynamiq.connections.MySQL", tunnel: false }, { password: undefined });
    expect(issuesOf(connectionFormSchema().safeParse(trino))).toEqual([["config.password", "Enter a password."]]);
    expect(issuesOf(connectionFormSchema(storedEdit).safeParse(trino))).toEqual([]);
  });
});
