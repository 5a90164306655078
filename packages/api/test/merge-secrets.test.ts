import { describe, expect, it } from "vitest";
import { CONNECTION_TYPE_REGISTRY } from "@connections/core";
import { mergeStoredSecrets } from "../src/connections/merge-secrets.ts";

const stored = new Map([
  ["password", "stored-password"],
  ["ssh_tunnel.private_key", "stored-key"],
  ["ssh_tunnel.private_key_passphrase", "stored-passphrase"],
]);

describe("mergeStoredSecrets (PUT semantics)", () => {
  it("keeps left-out secrets, clears null ones, and never changes the request's own objects", () => {
    const incoming = { host: "db", password: null, ssh_tunnel: { host: "b", user: "u" } };
    const { config, kept } = mergeStoredSecrets(CONNECTION_TYPE_REGISTRY, "dynamiq.connections.PostgreSQL", incoming, stored);
    expect(config).toEqual({
      host: "db",
      ssh_tunnel: { host: "b", user: "u", private_key: "stored-key", private_key_passphrase: "stored-passphrase" },
    });
    expect(Object.fromEntries(kept)).toEqual({
      "ssh_tunnel.private_key": "stored-key",
      "ssh_tunnel.private_key_passphrase": "stored-passphrase",
    });
    expect(incoming).toEqual({ host: "db", password: null, ssh_tunnel: { host: "b", user: "u" } });
  });

  it("does not walk a config nested deeper than the stack allows (a 500 before: structuredClone overflowed)", () => {
    const depth = 100_000;
    const deep = JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown;
    const { config } = mergeStoredSecrets(
      CONNECTION_TYPE_REGISTRY,
      "dynamiq.connections.PostgreSQL",
      { host: deep, ssh_tunnel: { junk: deep } },
      stored,
    );
    expect(config.host).toBe(deep);
    expect(config).toMatchObject({ password: "stored-password", ssh_tunnel: { junk: deep, private_key: "stored-key" } });
  });
});
