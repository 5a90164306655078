import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTION_TYPES, type ConnectionConfig } from "@connections/core";
import { scratchDir, sshKeygen, startPostgres, startSshd, type PostgresServer, type SshdServer } from "@connections/testkit";
import { DEFAULT_TIMEOUTS } from "@connections/tunnel";
import { diagnose } from "../src/diagnostics/diagnose.ts";

let sshd: SshdServer;
let pg: PostgresServer;
let config: ConnectionConfig;

beforeAll(async () => {
  const key = sshKeygen(scratchDir("leaks"), "bastion");
  sshd = await startSshd({ authorizedKeys: [key.publicKey] });
  pg = await startPostgres({ password: true });
  config = CONNECTION_TYPES["dynamiq.connections.PostgreSQL"].config.parse({
    host: "127.0.0.1",
    port: pg.port,
    database: pg.app!.database,
    user: pg.app!.user,
    password: pg.app!.password,
    ssh_tunnel: { host: sshd.host, port: sshd.port, user: sshd.user, private_key: key.privateKey },
  });
});
afterAll(async () => {
  await pg?.stop();
  await sshd?.stop();
});

/** Open file descriptors and live libuv resources (sockets, servers, timers) of this process. */
function footprint() {
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  return { fds: readdirSync("/proc/self/fd").length, resources, sshConnections: sshd.connectionCount() };
}

/** The footprint once it has stopped changing: sockets finish closing a few ticks after a call returns. */
async function settled() {
  let previous = JSON.stringify(footprint());
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = JSON.stringify(footprint());
    if (now === previous) return JSON.parse(now) as ReturnType<typeof footprint>;
    previous = now;
  }
  return footprint();
}

async function run(calls: number, concurrency: number) {
  let next = 0;
  const outcomes: boolean[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next++;
        outcomes.push((await diagnose("dynamiq.connections.PostgreSQL", config, DEFAULT_TIMEOUTS)).ok);
      }
    }),
  );
  return outcomes;
}

describe("test-connection leaves nothing behind", () => {
  it("1,000 diagnoses through a real bastion: every one passes, and fds, sockets, listeners, timers and SSH connections return to where they were", async () => {
    await run(20, 4);
    const before = await settled();
    const outcomes = await run(1000, 8);
    expect(outcomes.filter((ok) => !ok)).toHaveLength(0);
    expect(outcomes).toHaveLength(1000);
    const after = await settled();
    console.info(`leak check: before ${JSON.stringify(before)} after ${JSON.stringify(after)}`);
    expect(after).toEqual(before);
    expect(after.sshConnections).toBe(0);
  }, 240_000);
});
