import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reachable, startBastionLab, tunnelConfig, type BastionLab } from "./bastion-lab.ts";
import { ALL_STAGES, createConnection, expectQueryTimeout, query, testConnection } from "./connections.ts";
import { newTenant, type Tenant } from "./fixtures.ts";
import { expectReadOnlyEnforced, type ReadOnlyCase } from "./read-only.ts";

export interface TypeUnderTest<S> extends ReadOnlyCase {
  type: string;
  start(lab: BastionLab): Promise<S & { port: number; stop(): Promise<void> }>;
  config(lab: BastionLab, server: S): Record<string, unknown>;
  /** A statement that runs for seconds, for the timeout test (peers without a sleep have none). */
  slowQuery?: string;
}

export interface SuiteContext<S> {
  lab: BastionLab;
  server: S;
  tenant: Tenant;
}

/**
 * What every database type must do through a real bastion into a private network: be unreachable
 * directly, pass every stage of a test, and answer a parameterised query with the right rows.
 */
export function describeTunneledType<S>(t: TypeUnderTest<S>, extra?: (ctx: () => SuiteContext<S>) => void): void {
  let lab: BastionLab;
  let server: S & { port: number; stop(): Promise<void> };
  let tenant: Tenant;

  beforeAll(async () => {
    lab = await startBastionLab();
    server = await t.start(lab);
    tenant = await newTenant(`${t.type}-tunnel`);
  });
  afterAll(async () => {
    await server?.stop();
    await lab?.stop();
  });

  describe(`${t.type} through a real OpenSSH bastion`, () => {
    it("is unreachable directly from here, so the tunnel is really used", async () => {
      if (!lab.isolated) return expect(lab.isolated).toBe(false);
      expect(await reachable(lab.dbHost, server.port)).toBe(false);
    });

    it("passes every stage and answers a parameterised query with the right rows", async () => {
      const id = await createConnection(tenant, t.type, { ...t.config(lab, server), ssh_tunnel: tunnelConfig(lab) });
      const diagnosis = await testConnection(tenant, id);
      expect(diagnosis.stages.map((s) => s.name)).toEqual(ALL_STAGES);
      expect(
        diagnosis.stages.filter((s) => s.status === "failed"),
        JSON.stringify(diagnosis.stages),
      ).toEqual([]);
      expect(diagnosis.stages.filter((s) => s.status === "skipped").map((s) => s.name)).toEqual(["db_tls"]);
      expect(diagnosis.ok).toBe(true);
      const result = await query(tenant, id, t.paramQuery.sql, t.paramQuery.params);
      expect(result.status, result.text).toBe(200);
      expect(result.body.data.rows.map((row: unknown[]) => row[0])).toEqual(t.paramQuery.ids);
      expect(result.body.data.columns.map((c: { name: string }) => c.name)).toEqual(["id", "name"]);
    });

    const slowQuery = t.slowQuery;
    if (slowQuery) {
      it("a query longer than timeout_ms ends with QUERY_TIMEOUT, and the next query on the tunnel works", async () => {
        const id = await createConnection(tenant, t.type, { ...t.config(lab, server), ssh_tunnel: tunnelConfig(lab) });
        await expectQueryTimeout(tenant, id, slowQuery);
      });
    }

    it("on a read-only connection refuses INSERT, CREATE and DROP with READ_ONLY_VIOLATION, also after an escape, and changes nothing; SELECT works", async () => {
      await expectReadOnlyEnforced(tenant, t.type, { ...t.config(lab, server), ssh_tunnel: tunnelConfig(lab) }, t);
    });

    extra?.(() => ({ lab, server, tenant }));
  });
}
