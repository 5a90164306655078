import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveTestEvent } from "@connections/core";
import type { SshdServer } from "@connections/testkit";
import { expectRefusedUnchanged } from "./support/expect-refusal.ts";
import { openScratchServices, type ScratchServices } from "./support/scratch-services.ts";
import { startTrinoBehindSshd, TRINO, type TrinoBehindSshd } from "./support/trino-behind-sshd.ts";
import { callerFor, newTenant, type Caller, type Tenant } from "./support/world.ts";
import { bastionView } from "./support/tunnel-views.ts";

// Test, testUnsaved, testLive and query reach a real OpenSSH sshd on loopback and, through it, the
// protocol-faithful Trino peer (in-process, backed by SQLite): both start in milliseconds.
let services: ScratchServices;
let tenant: Tenant;
let api: Caller;
let lab: TrinoBehindSshd;
let sshd: SshdServer;
let peer: TrinoBehindSshd["peer"];
const trinoConfig = () => lab.config();

beforeAll(async () => {
  [lab, services] = await Promise.all([startTrinoBehindSshd(), openScratchServices()]);
  ({ sshd, peer } = lab);
  tenant = await newTenant(services, "network");
  api = callerFor(services, tenant.keyPrincipal);
});
afterAll(async () => {
  await services?.close();
  await lab?.stop();
});

describe("connection.test, testUnsaved, testLive and query through a real bastion", () => {
  it("test walks every stage, records the result and pins the bastion's host key", async () => {
    const { id } = await api.connection.create({ name: "trino", project_id: tenant.projectId, type: TRINO, config: trinoConfig() });
    const diagnosis = await api.connection.test({ id });
    expect(
      diagnosis.stages.filter((s) => s.status === "failed"),
      JSON.stringify(diagnosis.stages),
    ).toEqual([]);
    expect(diagnosis.stages.filter((s) => s.status === "skipped").map((s) => s.name)).toEqual(["db_tls"]);
    expect(diagnosis).toMatchObject({ ok: true, host_key_fingerprint: sshd.hostKeyFingerprint });
    const read = await api.connection.byId({ id });
    expect(bastionView(read.config).host_key_fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(read.last_test).toMatchObject({ ok: true });
  });

  it("query answers a parameterised statement through the shared tunnel", async () => {
    const { id } = (await api.connection.list()).data[0]!;
    const result = await api.connection.query({ id, sql: "SELECT id, name FROM items WHERE id > ? ORDER BY id", params: [1] });
    expect(result.columns.map((c) => c.name)).toEqual(["id", "name"]);
    expect(result.rows.map((row) => row[0])).toEqual([2, 3]);
    expect(result).toMatchObject({ row_count: 2, truncated: false });
    expect(services.tunnels.stats().connections).toBe(1);
  });

  it("testUnsaved tests what was typed and stores nothing; a wrong password fails at db_auth", async () => {
    const before = await services.db.connection.count();
    const good = await api.connection.testUnsaved({ type: TRINO, config: trinoConfig() });
    expect(good.ok).toBe(true);
    const bad = await api.connection.testUnsaved({ type: TRINO, config: { ...trinoConfig(), password: "wrong-password" } });
    expect(bad.ok).toBe(false);
    expect(bad.stages.find((s) => s.status === "failed")).toMatchObject({ name: "db_auth", code: "DB_AUTH_FAILED" });
    expect(await services.db.connection.count()).toBe(before);
  });

  it("a refused port fails at its stage with a code and a hint", async () => {
    const diagnosis = await api.connection.testUnsaved({ type: TRINO, config: { host: "127.0.0.1", port: 1, user: "analyst" } });
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.stages.find((s) => s.status === "failed")).toMatchObject({
      name: "tcp",
      code: "TCP_REFUSED",
      hint: expect.any(String),
    });
  });

  it("a result larger than max_bytes is cut at a row boundary and says so", async () => {
    const { id } = (await api.connection.list()).data[0]!;
    const result = await api.connection.query({ id, sql: "SELECT id, name FROM items ORDER BY id", max_bytes: 1024 });
    expect(result).toMatchObject({ truncated: false, row_count: 3 });
    const cut = await api.connection.query({
      id,
      sql: "SELECT id, printf('%.2000c', 'x') AS filler FROM items ORDER BY id",
      max_bytes: 3000,
    });
    expect(cut).toMatchObject({ truncated: true, truncated_by: "bytes", max_bytes: 3000, row_count: 1 });
  });

  it("a pinned host key that is not the bastion's stops the test at host_key, before any database byte", async () => {
    const config = trinoConfig();
    const wrongPin = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
    const queriesBefore = peer.queries();
    const diagnosis = await api.connection.testUnsaved({
      type: TRINO,
      config: { ...config, ssh_tunnel: { ...config.ssh_tunnel, host_key_fingerprint: wrongPin } },
    });
    expect(diagnosis.stages.find((s) => s.status === "failed")).toMatchObject({ name: "host_key", code: "HOST_KEY_MISMATCH" });
    expect(peer.queries()).toBe(queriesBefore);
  });

  it("testUnsavedLive streams the stages of an unsaved config", async () => {
    const events: LiveTestEvent[] = [];
    for await (const event of await api.connection.testUnsavedLive({ type: TRINO, config: trinoConfig() })) events.push(event);
    expect(events.filter((e) => e.type === "stage").length).toBeGreaterThan(5);
    expect(events.at(-1)).toMatchObject({ type: "done", diagnosis: { ok: true } });
  });

  it("testLive streams each stage as it ends, then the diagnosis", async () => {
    const { id } = (await api.connection.list()).data[0]!;
    const events: LiveTestEvent[] = [];
    for await (const event of await api.connection.testLive({ id })) events.push(event);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: "done", diagnosis: { ok: true } });
    const streamed = events.flatMap((e) => (e.type === "stage" ? [e.stage.name] : []));
    expect(streamed).toEqual(expect.arrayContaining(["tcp", "ssh_handshake", "host_key", "ssh_auth", "forward", "db_auth", "query"]));
  });
});

describe("bad input to the network procedures is refused before anything is reached or stored", () => {
  it("test and testLive: a missing id; query: empty SQL, a bad max_rows, a param object", async () => {
    const { id } = (await api.connection.list()).data[0]!;
    const queriesBefore = peer.queries();
    await expectRefusedUnchanged(services.db, () => api.connection.test({} as never), "VALIDATION_FAILED", ["id"]);
    await expectRefusedUnchanged(services.db, () => api.connection.testLive({ id: 7 } as never), "VALIDATION_FAILED", ["id"]);
    await expectRefusedUnchanged(services.db, () => api.connection.query({ id, sql: "  " }), "VALIDATION_FAILED", ["sql"]);
    await expectRefusedUnchanged(services.db, () => api.connection.query({ id, sql: "SELECT 1", max_rows: 0 }), "VALIDATION_FAILED", [
      "max_rows",
    ]);
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.query({ id, sql: "SELECT ?", params: [{}] } as never),
      "VALIDATION_FAILED",
      ["params.0"],
    );
    expect(peer.queries()).toBe(queriesBefore);
  });

  it("testUnsaved: a bad bastion port, a tunnel without a key, a project of nobody", async () => {
    const config = trinoConfig();
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.testUnsaved({ type: TRINO, config: { ...config, ssh_tunnel: { ...config.ssh_tunnel, port: 0 } } }),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.port"],
    );
    const { private_key: _omitted, ...keyless } = config.ssh_tunnel;
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.testUnsaved({ type: TRINO, config: { ...config, ssh_tunnel: keyless } }),
      "VALIDATION_FAILED",
      ["config.ssh_tunnel.private_key"],
    );
    await expectRefusedUnchanged(
      services.db,
      () => api.connection.testUnsaved({ type: TRINO, config, project_id: "prj_nobody" }),
      "NOT_FOUND",
    );
  });
});
