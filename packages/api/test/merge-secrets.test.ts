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
    const { config, kept } = mergeStoredSecrets(CONNECTION_TYPE_REGISTRY, "dynamiq.connections.PostgreSQL", incoming, stored, {});
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
      {},
    );
    expect(config.host).toBe(deep);
    expect(config).toMatchObject({ password: "stored-password", ssh_tunnel: { junk: deep, private_key: "stored-key" } });
  });
});

describe("mergeStoredSecrets: a jump host's secrets stay with the login they were entered for", () => {
  const POSTGRES = "dynamiq.connections.PostgreSQL";
  const J1 = { host: "jump-1.internal", port: 22, user: "hop" };
  const J2 = { host: "jump-2.internal", port: 2222, user: "relay" };
  const storedConfig = { ssh_tunnel: { host: "bastion", port: 22, user: "u", jump_hosts: [J1, J2] } };
  const hopSecrets = new Map([
    ["ssh_tunnel.jump_hosts.0.private_key", "key-of-jump-1"],
    ["ssh_tunnel.jump_hosts.0.private_key_passphrase", "passphrase-of-jump-1"],
    ["ssh_tunnel.jump_hosts.1.private_key", "key-of-jump-2"],
  ]);
  const merge = (jumpHosts: unknown) =>
    mergeStoredSecrets(
      CONNECTION_TYPE_REGISTRY,
      POSTGRES,
      { ssh_tunnel: { host: "bastion", user: "u", jump_hosts: jumpHosts } },
      hopSecrets,
      storedConfig,
    );
  const hopsOf = (config: Record<string, unknown>) => (config.ssh_tunnel as { jump_hosts: unknown }).jump_hosts;

  it("keeps each left-out hop secret when the hop at that index is the same login (a left-out port is the default)", () => {
    const { config, kept } = merge([{ host: J1.host, user: J1.user }, J2]);
    expect(hopsOf(config)).toEqual([
      { host: J1.host, user: J1.user, private_key: "key-of-jump-1", private_key_passphrase: "passphrase-of-jump-1" },
      { ...J2, private_key: "key-of-jump-2" },
    ]);
    expect([...kept.keys()]).toEqual([...hopSecrets.keys()]);
  });

  it.each([
    ["reordered", [J2, J1], [J2, J1]],
    ["the first removed", [J2], [J2]],
    [
      "another user at the first",
      [{ ...J1, user: "root" }, J2],
      [
        { ...J1, user: "root" },
        { ...J2, private_key: "key-of-jump-2" },
      ],
    ],
    [
      "another port at the first",
      [{ ...J1, port: 2200 }, J2],
      [
        { ...J1, port: 2200 },
        { ...J2, private_key: "key-of-jump-2" },
      ],
    ],
  ])("%s: a hop that is not the stored login at its index keeps nothing (it will use the tunnel's key)", (_, given, merged) => {
    expect(hopsOf(merge(given).config)).toEqual(merged);
  });

  it("null clears a hop's key; a new key or a cleared one never inherits the stored passphrase", () => {
    expect(
      hopsOf(
        merge([
          { ...J1, private_key: null },
          { ...J2, private_key: null },
        ]).config,
      ),
    ).toEqual([J1, J2]);
    expect(hopsOf(merge([{ ...J1, private_key: "a-new-key" }, J2]).config)).toEqual([
      { ...J1, private_key: "a-new-key" },
      { ...J2, private_key: "key-of-jump-2" },
    ]);
    expect(hopsOf(merge([{ ...J1, private_key_passphrase: null }, J2]).config)).toEqual([
      { ...J1, private_key: "key-of-jump-1" },
      { ...J2, private_key: "key-of-jump-2" },
    ]);
  });

  it("a new tunnel key drops the tunnel's passphrase only, not a hop's", () => {
    const secrets = new Map([...hopSecrets, ["ssh_tunnel.private_key_passphrase", "tunnel-passphrase"]]);
    const { config } = mergeStoredSecrets(
      CONNECTION_TYPE_REGISTRY,
      POSTGRES,
      { ssh_tunnel: { host: "bastion", user: "u", private_key: "new-tunnel-key", jump_hosts: [J1] } },
      secrets,
      storedConfig,
    );
    expect(config.ssh_tunnel).toEqual({
      host: "bastion",
      user: "u",
      private_key: "new-tunnel-key",
      jump_hosts: [{ ...J1, private_key: "key-of-jump-1", private_key_passphrase: "passphrase-of-jump-1" }],
    });
  });

  it("puts nothing into jump_hosts that is not a list of objects", () => {
    for (const junk of ["jump-1.internal", { 0: J1 }, [null, "x"]]) expect(hopsOf(merge(junk).config)).toEqual(junk);
  });
});
