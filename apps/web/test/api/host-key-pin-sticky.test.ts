import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigure, scratchDir, sshKeygen } from "@connections/testkit";
import { tunnelConfig } from "../support/bastion-lab.ts";
import { failedStage, testConnection } from "../support/connections.ts";
import { newTenant } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { startPostgresBehindBastion, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";
import { signedInUser } from "../support/signed-in-user.ts";
import { trpcClient } from "../support/trpc-client.ts";

// S6: pins are sticky. A real bastion and PostgreSQL behind it; the connection's first test pins
// the bastion's key. Then an impostor takes the bastion's address (sshd restarted with another
// host key) and someone saves the connection with a PUT that leaves out host_key_fingerprint, as
// a script that rebuilds the config from its own fields would. The next test must refuse the
// impostor, not pin its key.

let setup: PostgresBehindBastion;

beforeAll(async () => {
  setup = await startPostgresBehindBastion("pin-sticky");
});

afterAll(async () => {
  await setup?.stop();
});

/** The full config without secrets or pin: what a PUT that only renames sends. */
function configWithoutPin(fingerprint?: string | null) {
  const { lab, pg } = setup;
  const tunnel = tunnelConfig(lab, { private_key: undefined, ...(fingerprint === undefined ? {} : { host_key_fingerprint: fingerprint }) });
  return { host: lab.dbHost, port: pg.port, database: pg.app!.database, user: pg.app!.user, ssh_tunnel: tunnel };
}

async function storedPin(): Promise<string | null> {
  const read = await api("GET", `/v1/connections/${setup.id}`, { key: setup.tenant.key });
  expect(read.status, read.text).toBe(200);
  return read.body.data.config.ssh_tunnel.host_key_fingerprint as string | null;
}

describe("S6: a PUT without host_key_fingerprint keeps the pin", () => {
  it("an impostor at the bastion's address is refused after a rename-only PUT, and its key is not pinned", async () => {
    const { lab, tenant, id } = setup;
    const first = await testConnection(tenant, id);
    expect(first.ok, JSON.stringify(first.stages)).toBe(true);
    const pinned = lab.sshd.hostKeyFingerprint;
    expect(await storedPin()).toBe(pinned);

    await lab.sshd.restart({ newHostKey: true });
    const impostorKey = lab.sshd.hostKeyFingerprint;
    expect(impostorKey).not.toBe(pinned);
    const renamed = await api("PUT", `/v1/connections/${id}`, { key: tenant.key, body: { name: "renamed", config: configWithoutPin() } });
    const next = await testConnection(tenant, id);

    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.data.config.ssh_tunnel.host_key_fingerprint).toBe(pinned);
    expect(failedStage(next)).toMatchObject({ name: "host_key", code: "HOST_KEY_MISMATCH" });
    expect(next).not.toHaveProperty("host_key_fingerprint", impostorKey);
    expect(await storedPin()).toBe(pinned);
    recordFigure({
      id: "S6",
      measure: "PUT without host_key_fingerprint, then Test against an impostor bastion key at the same address",
      value: "pin kept (GET shows the original key); test refused with HOST_KEY_MISMATCH at host_key; impostor key not pinned",
      target: "pin kept; impostor refused",
    });
  });

  it("null clears the pin on purpose, and the next successful test trusts the key the bastion now has", async () => {
    const { lab, tenant, id } = setup;
    const cleared = await api("PUT", `/v1/connections/${id}`, { key: tenant.key, body: { config: configWithoutPin(null) } });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.data.config.ssh_tunnel.host_key_fingerprint).toBeNull();
    const next = await testConnection(tenant, id);
    expect(next.ok, JSON.stringify(next.stages)).toBe(true);
    expect(await storedPin()).toBe(lab.sshd.hostKeyFingerprint);
  });
});

describe("S6: the same for chat connectors", () => {
  it("an update without the field keeps the pin; null clears it", async () => {
    const tenant = await newTenant("pin-sticky-chat");
    const trpc = trpcClient({ cookie: (await signedInUser(tenant)).cookie });
    const { privateKey } = sshKeygen(scratchDir("pin-chat-keys"), "chat-bastion");
    const pin = setup.lab.sshd.hostKeyFingerprint;
    const config = { host: "10.0.12.34", port: 5432, database: "app", user: "app", password: "chat-password" };
    const tunnel = { host: "bastion.example.com", port: 22, user: "dynamiq", private_key: privateKey };
    const { id } = await trpc.chatConnector.create.mutate({
      name: "pinned",
      type: "dynamiq.connections.PostgreSQL",
      config: { ...config, ssh_tunnel: { ...tunnel, host_key_fingerprint: pin } },
    });

    const { password: _kept, ...withoutPassword } = config;
    const { private_key: _alsoKept, ...tunnelWithoutKey } = tunnel;
    const renamed = await trpc.chatConnector.update.mutate({
      id,
      name: "renamed",
      config: { ...withoutPassword, ssh_tunnel: tunnelWithoutKey },
    });
    expect(renamed.config).toMatchObject({ has_password: true, ssh_tunnel: { host_key_fingerprint: pin } });
    const cleared = await trpc.chatConnector.update.mutate({
      id,
      config: { ...withoutPassword, ssh_tunnel: { ...tunnelWithoutKey, host_key_fingerprint: null } },
    });
    expect(cleared.config).toMatchObject({ ssh_tunnel: { host_key_fingerprint: null } });
  });
});
