import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONNECTION_TYPE_REGISTRY, CONNECTION_TYPES, isAppError, type ConnectionType } from "@connections/core";
import { keepHostKeyPin } from "../src/connections/keep-host-key-pin.ts";
import { mergeUpdatedConfig } from "../src/connections/merge-update.ts";
import type { StoredRow } from "../src/connections/stored-connection.ts";

const PIN = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
// Keys made for this run: the merge only carries them, so any private key text will do.
const KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const TLS_KEY = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const TUNNEL = { host: "bastion.internal", port: 22, user: "tunnel", host_key_fingerprint: PIN };

function rowOf(type: ConnectionType, config: Record<string, unknown>): StoredRow {
  return {
    id: "conn_x",
    name: "n",
    type,
    config: JSON.stringify({ config }),
    secrets: "{}",
    createdAt: new Date(0),
    updatedAt: new Date(0),
    readOnly: false,
  };
}

function refusal(run: () => unknown): { code: string; message: string; details: unknown } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("keepHostKeyPin", () => {
  it("keeps the stored pin when the field is left out, clears it on null, and takes a new one as given", () => {
    const stored = { ssh_tunnel: TUNNEL };
    const tunnel = { host: "bastion.internal", user: "tunnel" };
    expect(keepHostKeyPin({ ssh_tunnel: tunnel }, stored)).toEqual({ ssh_tunnel: { ...tunnel, host_key_fingerprint: PIN } });
    expect(keepHostKeyPin({ ssh_tunnel: { ...tunnel, host_key_fingerprint: null } }, stored)).toEqual({ ssh_tunnel: tunnel });
    const other = "SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
    expect(keepHostKeyPin({ ssh_tunnel: { ...tunnel, host_key_fingerprint: other } }, stored).ssh_tunnel).toMatchObject({
      host_key_fingerprint: other,
    });
    expect(keepHostKeyPin({ host: "db" }, stored)).toEqual({ host: "db" });
  });
});

describe("keepHostKeyPin: each jump host keeps the pin of its server", () => {
  const OTHER = "SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
  const J1 = { host: "jump-1.internal", port: 22, user: "hop" };
  const J2 = { host: "jump-2.internal", port: 2222, user: "relay" };
  const stored = {
    ssh_tunnel: {
      ...TUNNEL,
      jump_hosts: [
        { ...J1, host_key_fingerprint: PIN },
        { ...J2, host_key_fingerprint: OTHER },
      ],
    },
  };
  const hopsAfter = (jumpHosts: unknown) =>
    (
      keepHostKeyPin({ ssh_tunnel: { host: TUNNEL.host, user: TUNNEL.user, jump_hosts: jumpHosts } }, stored).ssh_tunnel as Record<
        string,
        unknown
      >
    ).jump_hosts;

  it("left out keeps the pin stored for the same host and port, wherever it was in the list; null clears it", () => {
    expect(hopsAfter([{ host: J1.host, user: J1.user }, J2])).toEqual([
      { host: J1.host, user: J1.user, host_key_fingerprint: PIN },
      { ...J2, host_key_fingerprint: OTHER },
    ]);
    expect(hopsAfter([J2, J1])).toEqual([
      { ...J2, host_key_fingerprint: OTHER },
      { ...J1, host_key_fingerprint: PIN },
    ]);
    expect(
      hopsAfter([
        { ...J1, host_key_fingerprint: null },
        { ...J2, host_key_fingerprint: PIN },
      ]),
    ).toEqual([J1, { ...J2, host_key_fingerprint: PIN }]);
  });

  it("a hop at another host or port has no pin to keep; the bastion's pin is kept as before", () => {
    const moved = [
      { ...J1, port: 2022 },
      { ...J2, host: "jump-3.internal" },
    ];
    expect(hopsAfter(moved)).toEqual(moved);
    const tunnel = keepHostKeyPin({ ssh_tunnel: { host: TUNNEL.host, user: TUNNEL.user, jump_hosts: moved } }, stored).ssh_tunnel;
    expect(tunnel).toMatchObject({ host_key_fingerprint: PIN });
    expect(hopsAfter("not a list")).toBe("not a list");
  });
});

describe("mergeUpdatedConfig: stored secrets only go where they were entered for", () => {
  const type = "dynamiq.connections.PostgreSQL";
  const stored = { host: "db.internal", port: 5432, database: "app", user: "app", ssh_tunnel: TUNNEL };
  const secrets = new Map([
    ["password", "pw"],
    ["ssh_tunnel.private_key", KEY],
  ]);
  const merge = (incoming: Record<string, unknown>) =>
    mergeUpdatedConfig(CONNECTION_TYPE_REGISTRY, type, CONNECTION_TYPES[type].config, rowOf(type, stored), incoming, secrets);
  const tunnel = { host: "bastion.internal", user: "tunnel" };

  it("keeps the password and key on a change of other fields (a left-out default port is the same destination)", () => {
    const merged = merge({ host: "db.internal", database: "other", user: "app", ssh_tunnel: tunnel });
    expect(merged.config).toMatchObject({ password: "pw", port: 5432, ssh_tunnel: { private_key: KEY, host_key_fingerprint: PIN } });
    expect(merged.keptPrivateKey).toBe(true);
  });

  it.each([
    ["host", { host: "evil.example", ssh_tunnel: tunnel }],
    ["port", { port: 6432, ssh_tunnel: tunnel }],
    ["ssl", { ssl: { mode: "disable" }, ssh_tunnel: tunnel }],
    ["bastion host", { ssh_tunnel: { ...tunnel, host: "other-bastion" } }],
    ["bastion user", { ssh_tunnel: { ...tunnel, user: "root" } }],
    ["tunnel removed", {}],
  ])("refuses a change of %s without the password, naming the field", (_, change) => {
    const refused = refusal(() => merge({ host: "db.internal", database: "app", user: "app", ...change }));
    expect(refused.code).toBe("SECRETS_REQUIRED");
    expect(refused.details).toEqual([
      { path: "config.password", code: "SECRET_REQUIRED", message: expect.stringContaining("must be entered again") },
    ]);
  });

  describe("through jump hosts", () => {
    const J0 = { host: "jump-0.internal", port: 22, user: "hop" };
    const J1 = { host: "jump-1.internal", port: 2222, user: "relay" };
    const row = rowOf(type, { ...stored, ssh_tunnel: { ...TUNNEL, jump_hosts: [J0] } });
    const mergeHops = (jumpHosts: unknown[]) =>
      mergeUpdatedConfig(
        CONNECTION_TYPE_REGISTRY,
        type,
        CONNECTION_TYPES[type].config,
        row,
        { host: "db.internal", database: "app", user: "app", ssh_tunnel: { ...tunnel, jump_hosts: jumpHosts } },
        secrets,
      );

    it.each([
      ["a jump host added", [J0, J1], "config.ssh_tunnel.jump_hosts.1.host, config.ssh_tunnel.jump_hosts.1.port"],
      ["the jump host removed", [], "config.ssh_tunnel.jump_hosts.0.host, config.ssh_tunnel.jump_hosts.0.port"],
      ["the jump host's host changed", [{ ...J0, host: "elsewhere" }], "(config.ssh_tunnel.jump_hosts.0.host)"],
      ["the jump host's port changed", [{ ...J0, port: 2200 }], "(config.ssh_tunnel.jump_hosts.0.port)"],
      ["the jump host's user changed", [{ ...J0, user: "root" }], "(config.ssh_tunnel.jump_hosts.0.user)"],
    ])("refuses %s without the password, naming what moved", (_, jumpHosts, moved) => {
      const refused = refusal(() => mergeHops(jumpHosts));
      expect(refused).toMatchObject({ code: "SECRETS_REQUIRED", details: [{ path: "config.password", code: "SECRET_REQUIRED" }] });
      expect(refused.message).toContain(moved);
    });

    it("keeps the password when the jump hosts stay as they are (a left-out port is the default)", () => {
      const merged = mergeHops([{ host: J0.host, user: J0.user }]);
      expect(merged.config).toMatchObject({ password: "pw", ssh_tunnel: { jump_hosts: [J0] } });
    });
  });

  it("accepts a new destination with the password given again, the private key still kept", () => {
    const merged = merge({ host: "db2.internal", database: "app", user: "app", password: "new", ssh_tunnel: { ...tunnel, host: "b2" } });
    expect(merged.config).toMatchObject({ host: "db2.internal", password: "new", ssh_tunnel: { host: "b2", private_key: KEY } });
  });

  it("asks for every stored database secret, one detail each: the password and the TLS client key", () => {
    const CERT = "-----BEGIN CERTIFICATE-----\nc\n-----END CERTIFICATE-----";
    const tls = { ...stored, ssl: { mode: "verify-full", cert: CERT } };
    const withKey = new Map([...secrets, ["ssl.key", TLS_KEY]]);
    const refused = refusal(() =>
      mergeUpdatedConfig(
        CONNECTION_TYPE_REGISTRY,
        type,
        CONNECTION_TYPES[type].config,
        rowOf(type, tls),
        { host: "db2.internal", database: "app", user: "app", ssl: { mode: "verify-full", cert: CERT }, ssh_tunnel: tunnel },
        withKey,
      ),
    );
    expect(refused).toMatchObject({ code: "SECRETS_REQUIRED", details: [{ path: "config.password" }, { path: "config.ssl.key" }] });
  });

  it("does not ask for an empty stored password again (ClickHouse's default user)", () => {
    const ch = "dynamiq.connections.ClickHouse";
    const row = rowOf(ch, { host: "ch.internal", port: 8123, database: "default", user: "default", secure: false });
    const merged = mergeUpdatedConfig(
      CONNECTION_TYPE_REGISTRY,
      ch,
      CONNECTION_TYPES[ch].config,
      row,
      { host: "ch2.internal" },
      new Map([["password", ""]]),
    );
    expect(merged.config).toMatchObject({ host: "ch2.internal", port: 8123, password: "" });
  });
});
