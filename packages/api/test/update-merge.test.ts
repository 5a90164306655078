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
  };
}

function refusal(run: () => unknown): { code: string; details: unknown } {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
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
