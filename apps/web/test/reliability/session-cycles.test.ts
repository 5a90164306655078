import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryInputSchema } from "@connections/core";
import { apiEnv, queryConnection, serviceContextOf, testConnection, type Principal, type ServiceContext } from "@connections/api";
import { tunnelEnv } from "@connections/tunnel";
import {
  heapAfterGc,
  recordFigure,
  settledFootprint,
  startMariaDb,
  startPostgres,
  trials,
  type Footprint,
  type MariaDbServer,
  type PostgresServer,
} from "@connections/testkit";
import { startBastionLab, tunnelConfig, type BastionLab } from "../support/bastion-lab.ts";
import { createConnection } from "../support/connections.ts";
import { newTenant, services, type Tenant } from "../support/fixtures.ts";
import { RAISED_CALL_LIMITS } from "../support/raised-call-limits.ts";

// R4: tunnelled sessions opened and closed many times in this process, through the same services
// the server runs (queryConnection, testConnection) with their own tunnel pool, so this process's
// file descriptors, sockets, timers and heap are the ones measured. The cycles run with session
// pooling off, so every query opens and closes a database session; a last test runs them pooled.

let lab: BastionLab;
let pg: PostgresServer;
let maria: MariaDbServer;
let tenant: Tenant;
let principal: Principal;
let ids: string[];
let unpooled: ServiceContext;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

beforeAll(async () => {
  lab = await startBastionLab();
  // Trust authentication: a login without SCRAM's deliberate cost, so cycles measure the tunnel.
  pg = await startPostgres({ ...lab.db });
  maria = await startMariaDb({ ...lab.db });
  tenant = await newTenant("session-cycles");
  principal = { kind: "access_key", id: "session-cycles", projectIds: [tenant.projectId] };
  ids = [
    await createConnection(tenant, "PostgreSQL", {
      host: lab.dbHost,
      port: pg.port,
      database: "connections",
      user: "postgres",
      password: "unused-with-trust",
      ssh_tunnel: tunnelConfig(lab),
    }),
    await createConnection(tenant, "MySQL", {
      host: lab.dbHost,
      port: maria.port,
      database: maria.database,
      user: maria.user,
      password: maria.password,
      ssh_tunnel: tunnelConfig(lab),
    }),
  ];
  unpooled = serviceContextOf({
    db: services().db,
    keyring: services().keyring,
    settings: { api: apiEnv({ ...RAISED_CALL_LIMITS, CONNECTIONS_SESSIONS_PER_CONNECTION: "0" }), tunnel: tunnelEnv({}) },
  });
  // MaxListenersExceededWarning is how a listener leak shows itself.
  process.on("warning", onWarning);
});

afterAll(async () => {
  process.off("warning", onWarning);
  unpooled?.tunnels.closeAll();
  services().sessions.closeAll();
  services().tunnels.closeAll();
  await maria?.stop();
  await pg?.stop();
  await lab?.stop();
});

/** Runs `cycles` calls, `concurrency` at a time, calling `checkpoint` after every tenth of them. */
async function cycle(cycles: number, concurrency: number, call: (i: number) => Promise<boolean>, checkpoint?: () => void): Promise<number> {
  let next = 0;
  let failures = 0;
  const tenth = Math.max(1, Math.floor(cycles / 10));
  for (let done = 0; done < cycles; done += tenth) {
    const end = Math.min(cycles, done + tenth);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < end) {
          const i = next++;
          if (!(await call(i))) failures++;
        }
      }),
    );
    checkpoint?.();
  }
  return failures;
}

const leakFigures = (context: ServiceContext) => () => ({ ...context.tunnels.stats(), sshConnections: lab.sshd.connectionCount() });

/**
 * Nothing more is open after than before. Fewer fds is fine: an idle keep-alive socket of the
 * test's own HTTP client (unreferenced, so not among the resources) may close meanwhile.
 */
function expectNoLeak(before: Footprint & ReturnType<ReturnType<typeof leakFigures>>, after: typeof before): void {
  const { fds: fdsBefore, ...restBefore } = before;
  const { fds: fdsAfter, ...restAfter } = after;
  expect(fdsAfter).toBeLessThanOrEqual(fdsBefore);
  expect(restAfter).toEqual(restBefore);
}

describe("R4: tunnelled sessions opened and closed many times", () => {
  it("queries on new database sessions over the pooled tunnel leave no fds, sockets, timers, channels or listeners behind, and the heap stays flat", async () => {
    const run = (i: number) =>
      queryConnection(unpooled, principal, ids[i % 2]!, queryInputSchema.parse({ sql: "select 1 + 1" })).then((r) => r.rows[0]?.[0] === 2);
    await cycle(100, 8, run);
    const before = await settledFootprint(leakFigures(unpooled));
    const heap: number[] = [];
    const count = trials(10_000, 1_000);
    const failures = await cycle(count, 8, run, () => heap.push(heapAfterGc()));
    const after = await settledFootprint(leakFigures(unpooled));

    expect(failures).toBe(0);
    expectNoLeak(before, after);
    expect(after).toMatchObject({ connections: 1, channels: 0, sshConnections: 1 });
    expect(warnings.map((w) => w.name)).toEqual([]);
    // Flat: from the second checkpoint (the pool and JIT warmed) to the last, under 1 MiB.
    const growth = heap.at(-1)! - heap[1]!;
    expect(growth).toBeLessThan(1024 * 1024);
    recordFigure({
      id: "R4",
      measure: "tunnelled query sessions opened and closed (PostgreSQL, MariaDB)",
      value: `${count} cycles, ${failures} failed; fds ${before.fds}→${after.fds}, sockets/timers unchanged, channels ${after.channels}, listener warnings ${warnings.length}; heap ${(heap[1]! / 2 ** 20).toFixed(1)}→${(heap.at(-1)! / 2 ** 20).toFixed(1)} MiB`,
      target: "0 leaked; heap growth < 1 MiB",
    });
  });

  it("tests, each on its own SSH connection, leave nothing behind either", async () => {
    const run = (i: number) => testConnection(services(), principal, ids[i % 2]!).then((d) => d.ok);
    await cycle(20, 4, run);
    const before = await settledFootprint(leakFigures(services()));
    const count = trials(1_000, 200);
    const failures = await cycle(count, 8, run);
    const after = await settledFootprint(leakFigures(services()));

    expect(failures).toBe(0);
    expectNoLeak(before, after);
    expect(warnings.map((w) => w.name)).toEqual([]);
    recordFigure({
      id: "R4",
      measure: "test-connection cycles (a new SSH connection each)",
      value: `${count} cycles, ${failures} failed; fds ${before.fds}→${after.fds}, sockets/timers and SSH connections unchanged`,
      target: "0 leaked",
    });
  });

  it("pooled queries keep at most 4 sessions per connection, one channel each, and closing the pool frees every channel", async () => {
    const run = (i: number) =>
      queryConnection(services(), principal, ids[i % 2]!, queryInputSchema.parse({ sql: "select 1 + 1" })).then(
        (r) => r.rows[0]?.[0] === 2,
      );
    await cycle(100, 8, run);
    const before = await settledFootprint(leakFigures(services()));
    const count = trials(10_000, 1_000);
    const failures = await cycle(count, 8, run);
    const after = await settledFootprint(leakFigures(services()));

    expect(failures).toBe(0);
    expectNoLeak(before, after);
    expect(after).toMatchObject({ connections: 1 });
    expect(after.channels).toBeGreaterThan(0);
    expect(after.channels).toBeLessThanOrEqual(2 * 4);
    services().sessions.closeAll();
    const closed = await settledFootprint(leakFigures(services()));
    expect(closed).toMatchObject({ connections: 1, channels: 0 });
    recordFigure({
      id: "R4",
      measure: "pooled query sessions (PostgreSQL, MariaDB), 8 callers",
      value: `${count} queries, ${failures} failed; channels ${before.channels}→${after.channels} (kept sessions), 0 after closing the pool; fds ${before.fds}→${after.fds}`,
      target: "≤ 4 sessions per connection; 0 leaked",
    });
  });
});
