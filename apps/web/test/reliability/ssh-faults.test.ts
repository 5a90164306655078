import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ConnectionConfig } from "@connections/core";
import { driverFor, type DatabaseSession } from "@connections/drivers";
import {
  CHANNEL_OPEN_FAILURE,
  recordFigure,
  startFaultSshServer,
  startPostgres,
  trials,
  type ChannelOpenFailureReason,
  type FaultSshServer,
  type PostgresServer,
  type SshFault,
} from "@connections/testkit";
import {
  DEFAULT_TIMEOUTS,
  generateKeyPair,
  TargetPolicy,
  TunnelError,
  TunnelPool,
  tunnelTransport,
  type TunnelConnection,
  type TunnelPoolOptions,
  type UsableKey,
} from "@connections/tunnel";

// The production limits (10 s stages, keepalives 15 s × 3) scaled down so each fault takes seconds.
const TIMEOUTS = { ...DEFAULT_TIMEOUTS, sshHandshake: 500, forward: 1_000 };
const KEEPALIVE = { intervalMs: 500, countMax: 3 };
const QUERY_TIMEOUT_MS = 1_000;
// The pg driver's own deadline: timeout_ms plus this grace, so statement_timeout answers first when it can.
const PG_CLIENT_GRACE_MS = 1_000;
// Scheduling on a busy 2-core machine; these are correctness bounds, not performance targets.
const MARGIN_MS = 300;
// libuv counts timers from its cached millisecond clock: one can fire ~1 ms before performance.now() says.
const TIMER_SLACK_MS = 2;

let key: UsableKey;
let pg: PostgresServer;
const servers: FaultSshServer[] = [];
const pools: TunnelPool[] = [];
const sessions: DatabaseSession[] = [];

beforeAll(async () => {
  key = await generateKeyPair("ssh-faults");
  pg = await startPostgres({ password: true });
});

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
  for (const pool of pools.splice(0)) pool.closeAll();
  for (const server of servers.splice(0)) await server.stop();
});

afterAll(async () => {
  await pg?.stop();
});

async function faultServer(fault?: SshFault): Promise<FaultSshServer> {
  const server = await startFaultSshServer({ authorizedKey: key.publicKey, ...(fault ? { fault } : {}) });
  servers.push(server);
  return server;
}

function tunnelPool(options: Partial<TunnelPoolOptions> = {}): TunnelPool {
  const pool = new TunnelPool({ keepalive: KEEPALIVE, policy: new TargetPolicy(), ...options });
  pools.push(pool);
  return pool;
}

const endpointOf = (server: FaultSshServer) => ({
  host: server.host,
  port: server.port,
  user: "tunnel",
  key,
  pinnedHostKey: server.hostKeyFingerprint,
});

async function pgSession(tunnel: TunnelConnection, statementTimeoutMs = QUERY_TIMEOUT_MS): Promise<DatabaseSession> {
  const config: ConnectionConfig<"dynamiq.connections.PostgreSQL"> = {
    host: pg.host,
    port: pg.port,
    database: pg.app!.database,
    user: pg.app!.user,
    password: pg.app!.password,
  };
  const session = await driverFor("dynamiq.connections.PostgreSQL").connect(config, {
    transport: tunnelTransport(tunnel, TIMEOUTS.forward),
    connectTimeoutMs: TIMEOUTS.db,
    statementTimeoutMs,
  });
  sessions.push(session);
  return session;
}

/**
 * The TunnelError `work` fails with, and how long after it was started. It must fail within
 * `latestMs`; one still pending 5 s later fails the test there instead of at the test timeout.
 */
async function failure(work: () => Promise<unknown>, latestMs: number): Promise<{ error: TunnelError; elapsed: number }> {
  const since = performance.now();
  let rejection: { error: unknown } | undefined;
  const settled = await settlesWithin(
    work().catch((error: unknown) => void (rejection = { error })),
    latestMs + 5_000,
  );
  const elapsed = performance.now() - since;
  expect(settled, `still pending ${Math.round(elapsed)} ms after it started`).toBe(true);
  expect(rejection, "expected a failure").toBeDefined();
  const error = rejection?.error;
  expect(TunnelError.is(error), String(error)).toBe(true);
  expect(elapsed).toBeLessThanOrEqual(latestMs);
  return { error: error as TunnelError, elapsed };
}

/** True if `work` settles within `ms`: nothing is left waiting on a dead connection. */
function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
}

const duration = (ms: number) => (ms < 100 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);

describe("the fault server without a fault", () => {
  it("forwards a PostgreSQL session through the engine, and leaves no channel behind once it closes", async () => {
    const server = await faultServer();
    const pool = tunnelPool();
    const session = await pgSession(await pool.acquire([endpointOf(server)], TIMEOUTS));
    expect((await session.query("select 42", [], { maxRows: 10, timeoutMs: QUERY_TIMEOUT_MS })).rows).toEqual([[42]]);
    expect(server.channelCount()).toBe(1);
    await session.close();
    await vi.waitFor(() => expect(server.channelCount()).toBe(0));
    expect(pool.stats()).toEqual({ connections: 1, channels: 0 });
  });
});

describe("a bastion that accepts TCP and never sends its SSH banner", () => {
  it("fails at ssh_handshake with SSH_HANDSHAKE_TIMEOUT when that timeout fires, leaving no connection", async () => {
    const server = await faultServer({ kind: "stallBanner" });
    let slowest = 0;
    for (let trial = 0; trial < trials(20, 3); trial++) {
      const pool = tunnelPool();
      const { error, elapsed } = await failure(() => pool.acquire([endpointOf(server)], TIMEOUTS), TIMEOUTS.sshHandshake + MARGIN_MS);
      expect(error).toMatchObject({
        stage: "ssh_handshake",
        code: "SSH_HANDSHAKE_TIMEOUT",
        hint: expect.stringContaining("ssh_tunnel.port"),
      });
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUTS.sshHandshake - TIMER_SLACK_MS);
      expect(pool.stats()).toEqual({ connections: 0, channels: 0 });
      await vi.waitFor(() => expect(server.connectionCount()).toBe(0));
      slowest = Math.max(slowest, elapsed);
    }
    recordFigure({
      id: "R-faults",
      measure: "stalled SSH banner → SSH_HANDSHAKE_TIMEOUT",
      value: `${duration(slowest)} (timeout ${duration(TIMEOUTS.sshHandshake)})`,
      target: `≥ ${duration(TIMEOUTS.sshHandshake)}, ≤ ${duration(TIMEOUTS.sshHandshake + MARGIN_MS)}`,
    });
  });
});

describe("a bastion that stops answering keepalives", () => {
  it("fails the in-flight query with TUNNEL_LOST within interval × (count + 1), and the next query through a healthy bastion works", async () => {
    const server = await faultServer();
    const pool = tunnelPool();
    const { intervalMs, countMax } = KEEPALIVE;
    // The last reply may have come up to one interval before the fault; a ping already on its way
    // when the fault begins is withheld too, so allow for its trip.
    const earliest = countMax * intervalMs - 50;
    const latest = (countMax + 1) * intervalMs + MARGIN_MS;
    let slowest = 0;
    for (let trial = 0; trial < trials(10, 1); trial++) {
      server.setFault({ kind: "none" });
      const session = await pgSession(await pool.acquire([endpointOf(server)], TIMEOUTS), 30_000);
      const inFlight = session.query("select pg_sleep(10)", [], { maxRows: 1, timeoutMs: 30_000 });
      server.setFault({ kind: "withholdKeepaliveReplies" });
      const { error, elapsed } = await failure(() => inFlight, latest);
      expect(error).toMatchObject({ stage: "forward", code: "TUNNEL_LOST", message: expect.stringContaining("Keepalive timeout") });
      expect(elapsed).toBeGreaterThanOrEqual(earliest);
      expect(pool.stats()).toEqual({ connections: 0, channels: 0 });
      await vi.waitFor(() => expect(server.connectionCount()).toBe(0));
      expect(await settlesWithin(session.close(), 1_000)).toBe(true);
      slowest = Math.max(slowest, elapsed);
    }

    server.setFault({ kind: "none" });
    const next = await pgSession(await pool.acquire([endpointOf(server)], TIMEOUTS));
    expect((await next.query("select 1", [], { maxRows: 1, timeoutMs: QUERY_TIMEOUT_MS })).rows).toEqual([[1]]);
    recordFigure({
      id: "R-faults",
      measure: "withheld keepalive replies → TUNNEL_LOST",
      value: `${duration(slowest)} (${intervalMs} ms × ${countMax})`,
      target: `≥ ${duration(earliest)}, ≤ ${duration(latest)}`,
    });
  });
});

describe("a bastion that refuses the channel", () => {
  const cases: Array<[keyof typeof CHANNEL_OPEN_FAILURE, string, string]> = [
    ["ADMINISTRATIVELY_PROHIBITED", "FORWARD_PROHIBITED", "AllowTcpForwarding"],
    ["CONNECT_FAILED", "FORWARD_CONNECT_FAILED", "reachable from the bastion"],
    ["UNKNOWN_CHANNEL_TYPE", "FORWARD_REFUSED", "forwards TCP connections"],
    ["RESOURCE_SHORTAGE", "FORWARD_REFUSED", "MaxSessions"],
  ];

  it.each(cases)(
    "reason %s fails the driver's connect with %s within the forward timeout; the SSH connection stays usable",
    async (name, code, hint) => {
      const reason: ChannelOpenFailureReason = CHANNEL_OPEN_FAILURE[name];
      const server = await faultServer({ kind: "rejectChannel", reason });
      const pool = tunnelPool();
      const tunnel = await pool.acquire([endpointOf(server)], TIMEOUTS);
      let slowest = 0;
      for (let trial = 0; trial < trials(100, 5); trial++) {
        const { error, elapsed } = await failure(() => pgSession(tunnel), TIMEOUTS.forward);
        expect(error).toMatchObject({
          stage: "forward",
          code,
          message: expect.stringContaining(`${pg.host}:${pg.port}`),
          hint: expect.stringContaining(hint),
        });
        slowest = Math.max(slowest, elapsed);
      }
      await vi.waitFor(() => expect(pool.stats()).toEqual({ connections: 1, channels: 0 }));
      expect(server.channelCount()).toBe(0);

      server.setFault({ kind: "none" });
      const session = await pgSession(tunnel);
      expect((await session.query("select 1", [], { maxRows: 1, timeoutMs: QUERY_TIMEOUT_MS })).rows).toEqual([[1]]);
      recordFigure({
        id: "R-faults",
        measure: `channel open failure ${reason} (${name}) → ${code}`,
        value: `${duration(slowest)} (slowest of ${trials(100, 5)})`,
        target: `≤ ${duration(TIMEOUTS.forward)} (forward timeout)`,
      });
    },
  );
});

describe("a peer that stops reading a channel (window starvation)", () => {
  it("keeps write backpressure: write() returns false, accepted bytes stay bounded, the socket's idle timeout fires, and the channel's slot is freed", async () => {
    const server = await faultServer({ kind: "starveWindow" });
    const pool = tunnelPool({ maxChannelsPerConnection: 1 });
    const tunnel = await pool.acquire([endpointOf(server)], TIMEOUTS);
    const socket = tunnel.createSocket(TIMEOUTS.forward);
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.connect(pg.port, pg.host, resolve);
    });
    const idleMs = 1_000;
    const closed = new Promise<void>((resolve) => socket.once("close", resolve));
    let accepted = 0;
    let lastAcceptedAt = performance.now();
    let pushedBack = false;
    const timedOut = new Promise<number>((resolve) =>
      socket.setTimeout(idleMs, () => {
        resolve(performance.now());
        socket.destroy();
      }),
    );
    // A writer that honours backpressure, as a driver streaming a large request does; it gives up
    // after 64 MiB, so a socket that never pushes back fails the test instead of filling memory.
    const chunk = Buffer.alloc(64 * 1024);
    const pump = (async () => {
      for (let offered = 0; offered < 64 * 1024 * 1024 && !socket.destroyed; offered += chunk.length) {
        const more = socket.write(chunk, (error) => {
          if (error) return;
          accepted += chunk.length;
          lastAcceptedAt = performance.now();
        });
        if (!more) {
          pushedBack = true;
          await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), closed]);
        }
      }
    })();

    const timedOutAt = await timedOut;
    const acceptedAtTimeout = accepted;
    expect(pushedBack).toBe(true);
    // ssh2 buffers at most a 2 MiB window on each side plus its 2 MiB channel buffer.
    expect(acceptedAtTimeout).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(timedOutAt - lastAcceptedAt).toBeGreaterThanOrEqual(idleMs - TIMER_SLACK_MS);
    expect(timedOutAt - lastAcceptedAt).toBeLessThanOrEqual(idleMs + MARGIN_MS);
    expect(await settlesWithin(pump, 1_000)).toBe(true);
    expect(accepted).toBe(acceptedAtTimeout);
    await vi.waitFor(() => expect(server.channelCount()).toBe(0));
    expect(pool.stats()).toEqual({ connections: 1, channels: 0 });

    // With one channel allowed, a new one opens only if the starved one gave its slot back.
    server.setFault({ kind: "none" });
    const session = await pgSession(tunnel);
    expect((await session.query("select 1", [], { maxRows: 1, timeoutMs: QUERY_TIMEOUT_MS })).rows).toEqual([[1]]);
    recordFigure({
      id: "R-faults",
      measure: "peer stops reading → bytes accepted before write() pushes back",
      value: `${(acceptedAtTimeout / 1024 / 1024).toFixed(1)} MiB, none more in ${duration(idleMs)}`,
      target: "≤ 8 MiB",
    });
  });

  it("ends a PostgreSQL query whose bastion stops reading with QUERY_TIMEOUT at timeout_ms + grace, and the session closes", async () => {
    const server = await faultServer();
    const pool = tunnelPool();
    const deadline = QUERY_TIMEOUT_MS + PG_CLIENT_GRACE_MS;
    // Larger than every window and buffer on the way, so the request itself stalls mid-write.
    const large = "x".repeat(8 * 1024 * 1024);
    let slowest = 0;
    for (let trial = 0; trial < trials(10, 1); trial++) {
      server.setFault({ kind: "none" });
      const session = await pgSession(await pool.acquire([endpointOf(server)], TIMEOUTS));
      expect((await session.query("select 1", [], { maxRows: 1, timeoutMs: QUERY_TIMEOUT_MS })).rows).toEqual([[1]]);
      server.setFault({ kind: "starveWindow" });
      const { error, elapsed } = await failure(
        () => session.query("select length($1)", [large], { maxRows: 1, timeoutMs: QUERY_TIMEOUT_MS }),
        deadline + MARGIN_MS,
      );
      expect(error).toMatchObject({ stage: "query", code: "QUERY_TIMEOUT" });
      expect(elapsed).toBeGreaterThanOrEqual(deadline - TIMER_SLACK_MS);
      expect(await settlesWithin(session.close(), 1_000)).toBe(true);
      await vi.waitFor(() => expect(server.channelCount()).toBe(0));
      expect(pool.stats()).toEqual({ connections: 1, channels: 0 });
      slowest = Math.max(slowest, elapsed);
    }
    recordFigure({
      id: "R-faults",
      measure: "peer stops reading → QUERY_TIMEOUT (PostgreSQL)",
      value: `${duration(slowest)} (timeout_ms ${duration(QUERY_TIMEOUT_MS)} + ${duration(PG_CLIENT_GRACE_MS)} grace)`,
      target: `≥ ${duration(deadline)}, ≤ ${duration(deadline + MARGIN_MS)}`,
    });
  });
});
