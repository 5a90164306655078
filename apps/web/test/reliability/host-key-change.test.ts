import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFigure, startCountingProxy, type CountingProxy } from "@connections/testkit";
import { tunnelConfig } from "../support/bastion-lab.ts";
import { failedStage, query, testConnection } from "../support/connections.ts";
import { db } from "../support/fixtures.ts";
import { api } from "../support/http.ts";
import { startPostgresBehindBastion, type PostgresBehindBastion } from "../support/postgres-behind-bastion.ts";

// R3: the bastion's host key changes. The database sits behind a counting proxy beside it, so
// "nothing reached the database" is measured in connections and bytes, not inferred.

let setup: PostgresBehindBastion;
let proxy: CountingProxy;

beforeAll(async () => {
  setup = await startPostgresBehindBastion("host-key-change", {
    inFront: async (lab, pg) => (proxy = await startCountingProxy(lab.db, { host: lab.dbHost, port: pg.port })),
  });
});

afterAll(async () => {
  await setup?.stop();
});

/** The stored config (with the pinned host key) and secrets; the last test result may change. */
const stored = () =>
  db().connection.findUniqueOrThrow({ where: { id: setup.id }, select: { config: true, secrets: true, updatedAt: true } });

describe("R3: the bastion's host key changes", () => {
  it("is refused as a possible man-in-the-middle by tests and queries, with 0 bytes sent to the database, until the new key is pinned", async () => {
    const { lab, pg, tenant, id } = setup;
    const first = await testConnection(tenant, id);
    expect(first.ok, JSON.stringify(first.stages)).toBe(true);
    const pinned = first.host_key_fingerprint;
    expect(pinned).toBe(lab.sshd.hostKeyFingerprint);
    const reached = proxy.counts();
    expect(reached.connections).toBeGreaterThan(0);
    expect(reached.bytesToTarget).toBeGreaterThan(0);

    await lab.sshd.restart({ newHostKey: true });
    const rowBefore = await stored();
    const before = proxy.counts();
    const attempts = 10;
    let slowest = 0;
    for (let i = 0; i < attempts; i++) {
      const started = performance.now();
      const failed = failedStage(await testConnection(tenant, id));
      expect(failed).toMatchObject({ name: "host_key", code: "HOST_KEY_MISMATCH" });
      expect(failed.message).toContain("man-in-the-middle");
      const refused = await query(tenant, id, "select 1");
      expect(refused.status).toBe(502);
      expect(refused.body.error.details).toMatchObject({ stage: "host_key", code: "HOST_KEY_MISMATCH" });
      slowest = Math.max(slowest, performance.now() - started);
    }
    const after = proxy.counts();
    expect(after).toEqual(before);
    // The pin is not replaced by the key that was refused.
    expect(await stored()).toEqual(rowBefore);

    // Pinning the new key on purpose is the way back.
    const repinned = await api("PUT", `/v1/connections/${id}`, {
      key: tenant.key,
      body: {
        config: {
          host: lab.dbHost,
          port: proxy.port,
          database: pg.app!.database,
          user: pg.app!.user,
          // Omitted secrets (password, private key) are kept.
          ssh_tunnel: tunnelConfig(lab, { private_key: undefined, host_key_fingerprint: lab.sshd.hostKeyFingerprint }),
        },
      },
    });
    expect(repinned.status, repinned.text).toBe(200);
    const recovered = await query(tenant, id, "select 7");
    expect(recovered.status, recovered.text).toBe(200);
    expect(proxy.counts().bytesToTarget).toBeGreaterThan(after.bytesToTarget);

    recordFigure({
      id: "R3",
      measure: "bastion host key changed: tests and queries",
      value: `${attempts * 2}/${attempts * 2} refused with HOST_KEY_MISMATCH (slowest test + query ${slowest.toFixed(0)} ms); ${after.connections - before.connections} connections, ${after.bytesToTarget - before.bytesToTarget} bytes reached the database`,
      target: "all refused; 0 connections, 0 bytes",
    });
  });
});
