import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/users/create-user.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { startTrinoBehindSshd, TRINO, type TrinoBehindSshd } from "./support/trino-behind-sshd.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";

// Test, then Create: a pass of exactly the config created, by the same caller, becomes the new
// connection's last test. Through a real sshd to the in-process Trino peer.
let services: ScratchServices;
let tenant: Tenant;
let api: Caller;
let lab: TrinoBehindSshd;
const trinoConfig = () => lab.config();

beforeAll(async () => {
  [lab, services] = await Promise.all([startTrinoBehindSshd(), openScratchServices()]);
  tenant = await newTenant(services, "create-after-test");
  api = callerFor(services, tenant.user);
});
afterAll(async () => {
  await services?.close();
  await lab?.stop();
});

async function create(caller: Caller, name: string, config: ReturnType<typeof trinoConfig>) {
  return caller.connection.create({ name, project_id: tenant.projectId, type: TRINO, config });
}

describe("Create after a passing Test of the same config", () => {
  it("keeps that test as the new connection's last test, with the time it passed", async () => {
    const before = Date.now();
    const diagnosis = await api.connection.testUnsaved({ type: TRINO, config: trinoConfig() });
    expect(diagnosis.ok, JSON.stringify(diagnosis.stages)).toBe(true);
    // The form copies the pinned host key into the config before Create: it is not part of the match.
    const config = trinoConfig();
    const made = await create(api, "tested-first", {
      ...config,
      ssh_tunnel: { ...config.ssh_tunnel, host_key_fingerprint: diagnosis.host_key_fingerprint },
    } as ReturnType<typeof trinoConfig>);
    expect(made.last_test).toMatchObject({ ok: true, failed_stage: null, code: null });
    expect(Date.parse(made.last_test!.at)).toBeGreaterThanOrEqual(before - 1000);
    expect((await api.connection.byId({ id: made.id })).last_test).toEqual(made.last_test);
  });

  it("is not tested when the password or the host changed after the test", async () => {
    await api.connection.testUnsaved({ type: TRINO, config: trinoConfig() });
    const otherPassword = await create(api, "password-changed", { ...trinoConfig(), password: "another-password" });
    expect(otherPassword.last_test).toBeNull();
    const otherHost = await create(api, "host-changed", { ...trinoConfig(), host: "127.0.0.2" });
    expect(otherHost.last_test).toBeNull();
  });

  it("is not tested when the test failed", async () => {
    const failing = { ...trinoConfig(), port: 1 };
    expect((await api.connection.testUnsaved({ type: TRINO, config: failing })).ok).toBe(false);
    expect((await create(api, "failed-test", failing)).last_test).toBeNull();
  });

  it("does not count another user's test, nor the project's access key's", async () => {
    const colleague = await createUser(services, {
      email: `colleague-${Date.now()}@example.test`,
      password: "a colleague's long password",
      project_id: tenant.projectId,
    });
    const theirs = callerFor(services, { kind: "user", id: colleague.id, projectIds: [tenant.projectId] });
    const config = { ...trinoConfig(), schema: "colleagues" };
    expect((await theirs.connection.testUnsaved({ type: TRINO, config })).ok).toBe(true);
    expect((await create(api, "tested-by-a-colleague", config)).last_test).toBeNull();
    expect((await create(callerFor(services, tenant.keyPrincipal), "by-the-key", config)).last_test).toBeNull();
    expect((await create(theirs, "tested-by-me", config)).last_test).toMatchObject({ ok: true });
  });
});
