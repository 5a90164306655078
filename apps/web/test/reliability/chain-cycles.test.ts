import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConnection, type Principal } from "@connections/api";
import { recordFigure, settledFootprint, startPostgres, type PostgresServer } from "@connections/testkit";
import { createConnection } from "../support/connections.ts";
import { newTenant, services, type Tenant } from "../support/fixtures.ts";
import { jumpTunnelConfig, startJumpLab, type JumpLab } from "../support/jump-lab.ts";

// R4 for jump hosts (issue #15): connection tests through a 2-hop chain, each opening its own SSH
// connections to the jump host and, through it, to the bastion, run in this process through the
// same service the server runs, so this process's fds, sockets and timers are the ones measured.

let lab: JumpLab;
let pg: PostgresServer;
let tenant: Tenant;
let principal: Principal;
let id: string;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

beforeAll(async () => {
  lab = await startJumpLab();
  // Trust authentication: a login without SCRAM's deliberate cost, so cycles measure the chain.
  pg = await startPostgres({ ...lab.db });
  tenant = await newTenant("chain-cycles");
  principal = { kind: "access_key", id: "chain-cycles", projectIds: [tenant.projectId] };
  id = await createConnection(tenant, "PostgreSQL", {
    host: lab.dbHost,
    port: pg.port,
    database: "connections",
    user: "postgres",
    password: "unused-with-trust",
    ssh_tunnel: jumpTunnelConfig(lab),
  });
  process.on("warning", onWarning);
});

afterAll(async () => {
  process.off("warning", onWarning);
  services().tunnels.closeAll();
  await pg?.stop();
  await lab?.stop();
});

/** `count` calls, `concurrency` at a time; the number that did not pass. */
async function cycle(count: number, concurrency: number, call: () => Promise<boolean>): Promise<number> {
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) if (!(await call())) failures++;
    }),
  );
  return failures;
}

const figures = () => ({
  ...services().tunnels.stats(),
  jumpSshConnections: lab.jump.sshd.connectionCount(),
  bastionSshConnections: lab.bastion.sshd.connectionCount(),
});

describe("R4: connection tests through jump hosts", () => {
  it("1,000 chain tests leave no fd, socket, timer, channel or SSH connection behind", async () => {
    const run = () => testConnection(services(), principal, id).then((d) => d.ok);
    await cycle(20, 4, run);
    const before = await settledFootprint(figures);
    // The count, in npm test too: ~100 s of both cores (two sshd forks and key exchanges a test).
    const count = 1_000;
    const failures = await cycle(count, 8, run);
    const after = await settledFootprint(figures);

    expect(failures).toBe(0);
    // Fewer fds is fine: an idle keep-alive socket of the test's own HTTP client may close meanwhile.
    const { fds: fdsBefore, ...restBefore } = before;
    const { fds: fdsAfter, ...restAfter } = after;
    expect(fdsAfter).toBeLessThanOrEqual(fdsBefore);
    expect(restAfter).toEqual(restBefore);
    expect(after).toMatchObject({ channels: 0, jumpSshConnections: 0, bastionSshConnections: 0 });
    expect(warnings.map((w) => w.name)).toEqual([]);
    recordFigure({
      id: "R4",
      measure: "test-connection cycles through a 2-hop chain (new SSH connections to both hops each)",
      value: `${count} cycles, ${failures} failed; fds ${before.fds}→${after.fds}, sockets/timers, channels and SSH connections unchanged`,
      target: "0 leaked",
    });
    // The cycles alone take ~115 s of both cores; the project's 120 s left no room for a busier machine.
  }, 300_000);
});
