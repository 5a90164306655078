// Jump hosts: per driver (PostgreSQL, MySQL), our engine and OpenSSH through one jump host and the
// bastion (2 hops), beside the same two straight to the bastion (1 hop). On loopback: warm query
// p50/p99 and a new chain + first row. Through delaying relays (wan-relay.ts) on both links, this
// service ⇄ first SSH server and jump host ⇄ bastion: wall time with the delay on the service's
// link alone (where the WAN mode puts it) and on both, and the round trips each link carries,
// counted while that link is slow: on an undelayed relay a message that would have crossed the
// other side's is sometimes counted as a round trip of its own.
import { setTimeout as delay } from "node:timers/promises";
import type { DatabaseSession } from "@connections/drivers";
import { startSshd } from "@connections/testkit";
import { connectSession, QUERY, warmLatency, type LatencySettings } from "./driver-measures.ts";
import type { BenchEnvironment } from "./environment.ts";
import { CHAIN_PATHS, directLinks, openChainPath, type ChainLinks, type ChainPath, type JumpBench } from "./jump-paths.ts";
import type { OpenPath } from "./paths.ts";
import { median } from "./percentiles.ts";
import { startWanRelay, type WanRelay } from "./wan-relay.ts";
import { WORKLOADS, type Workload } from "./workloads.ts";

export interface JumpSettings {
  latency: LatencySettings;
  /** New chain + first row on loopback, per path. */
  newChainTries: number;
  /** Per path and relay set, for the new chain and for the warm query. */
  wanTries: number;
  /** Held each way per chunk on a slow link. */
  delayMs: number;
}

export const jumpSettings = (quick: boolean): JumpSettings => ({
  latency: quick ? { rounds: 2, perRound: 100, warmup: 50 } : { rounds: 6, perRound: 150, warmup: 200 },
  newChainTries: quick ? 3 : 7,
  wanTries: quick ? 3 : 5,
  delayMs: 10,
});

export const jumpTitle = (settings: JumpSettings) =>
  `Jump hosts (loopback; then ${settings.delayMs} ms each way on the service's link or on both links: ms_*_slow_*; rt_*: round trips on the service's link, jump_link: jump host ⇄ bastion, counted on the slow links)`;

export interface JumpRow {
  driver: string;
  path: ChainPath;
  simple_p50_ms: number;
  simple_p99_ms: number;
  /** A fresh chain (every SSH handshake), the channel, the database login and the first row. */
  new_chain_first_row_ms: number;
  /** Round trips on the service's link (with it slow); for 1 hop that link ends at the bastion. */
  rt_new_chain: number;
  /** Round trips on the jump host ⇄ bastion link (with both links slow; none for 1 hop). */
  rt_new_chain_jump_link: number;
  rt_warm_query: number;
  ms_new_chain_slow_service_link: number;
  ms_warm_query_slow_service_link: number;
  ms_new_chain_slow_both_links: number;
  ms_warm_query_slow_both_links: number;
}

const DRIVERS = new Set(["pg", "mysql2"]);

/** Relays on the three links; the service's link is two relays, one per first server. */
interface LinkRelays {
  links: ChainLinks;
  /** Round trips so far on the service's link and on the jump host ⇄ bastion link. */
  roundTrips(): { service: number; jump: number };
  /** Long enough for a closed chain's last messages to cross both links. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

async function startLinkRelays({ env, jump }: JumpBench, delays: { service: number; jump: number }): Promise<LinkRelays> {
  const relays: WanRelay[] = [];
  const relay = async (target: { host: string; port: number }, delayMs: number) => {
    const started = await startWanRelay({ target, delayMs });
    relays.push(started);
    return started;
  };
  const bastion = { host: env.sshd.host, port: env.sshd.port };
  const toBastion = await relay(bastion, delays.service);
  const toJump = await relay({ host: jump.host, port: jump.port }, delays.service);
  const jumpToBastion = await relay(bastion, delays.jump);
  return {
    links: { bastionFromService: toBastion.port, jumpFromService: toJump.port, bastionFromJump: jumpToBastion.port },
    roundTrips: () => ({ service: toBastion.roundTrips() + toJump.roundTrips(), jump: jumpToBastion.roundTrips() }),
    settle: () => delay(4 * (delays.service + delays.jump) + 30),
    close: async () => {
      for (const r of relays) await r.close();
    },
  };
}

/** Which links are slow: the service's alone, or it and the jump host ⇄ bastion link. */
type SlowLinks = "service" | "both";

interface Sample {
  service: number;
  jump: number;
  ms: number;
}

async function firstRow(workload: Workload, session: DatabaseSession): Promise<void> {
  const result = await session.query(workload.simple, [], QUERY);
  if (result.row_count !== 1) throw new Error(`${workload.driver}: expected one row, got ${result.row_count}`);
}

/** Round trips on each link (none without relays) and ms while `work` runs; `work` ends at the first row. */
async function sample(relays: LinkRelays | undefined, work: () => Promise<void>): Promise<Sample> {
  const count = () => relays?.roundTrips() ?? { service: 0, jump: 0 };
  const before = count();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const after = count();
  return { ms, service: after.service - before.service, jump: after.jump - before.jump };
}

/** A fresh chain, a login and the first row, then everything closed again. */
async function newChain(workload: Workload, bench: JumpBench, name: ChainPath, links: ChainLinks, relays?: LinkRelays): Promise<Sample> {
  let path: OpenPath | undefined;
  let session: DatabaseSession | undefined;
  const work = async () => {
    path = await openChainPath(name, bench, bench.env.configs[workload.driver], links);
    session = await connectSession(workload, path);
    await firstRow(workload, session);
  };
  try {
    return await sample(relays, work);
  } finally {
    await session?.close();
    await path?.close();
  }
}

/**
 * Through each relay set: new chains + first row, then warm queries on one chain per set. Tries
 * alternate between the sets, so a busy moment on the machine lands on all of them alike.
 */
async function throughRelays(workload: Workload, bench: JumpBench, name: ChainPath, slow: Record<SlowLinks, LinkRelays>, tries: number) {
  const sets = [slow.service, slow.both];
  const results = sets.map(() => ({ chains: [] as Sample[], warm: [] as Sample[] }));
  for (let t = 0; t < tries; t++) {
    for (const [i, relays] of sets.entries()) {
      results[i]!.chains.push(await newChain(workload, bench, name, relays.links, relays));
      await relays.settle();
    }
  }
  const paths: OpenPath[] = [];
  const sessions: DatabaseSession[] = [];
  try {
    for (const relays of sets) {
      const path = await openChainPath(name, bench, bench.env.configs[workload.driver], relays.links);
      paths.push(path);
      const session = await connectSession(workload, path);
      sessions.push(session);
      await firstRow(workload, session);
      await relays.settle();
    }
    for (let t = 0; t < tries; t++) {
      for (const [i, relays] of sets.entries()) {
        results[i]!.warm.push(await sample(relays, () => firstRow(workload, sessions[i]!)));
        await relays.settle();
      }
    }
  } finally {
    for (const session of sessions) await session.close();
    for (const path of paths) await path.close();
  }
  return { service: results[0]!, both: results[1]! };
}

const medianOf = (samples: Sample[], pick: (s: Sample) => number) => Math.round(median(samples.map(pick)) * 10) / 10;

/** Warm p50/p99 on loopback, the rounds alternating between the paths as in the drivers table. */
async function loopbackLatency(workload: Workload, bench: JumpBench, settings: JumpSettings) {
  const paths: OpenPath[] = [];
  const sessions = new Map<ChainPath, DatabaseSession>();
  try {
    for (const name of CHAIN_PATHS) {
      const path = await openChainPath(name, bench, bench.env.configs[workload.driver], directLinks(bench));
      paths.push(path);
      sessions.set(name, await connectSession(workload, path));
    }
    return await warmLatency(workload, sessions, settings.latency);
  } finally {
    for (const session of sessions.values()) await session.close();
    for (const path of paths) await path.close();
  }
}

/** New chain + first row on loopback, median per path; tries alternate between the paths. */
async function loopbackNewChain(workload: Workload, bench: JumpBench, tries: number): Promise<Map<ChainPath, number>> {
  const times = new Map<ChainPath, number[]>(CHAIN_PATHS.map((name) => [name, []]));
  for (let t = 0; t < tries; t++) {
    for (const name of CHAIN_PATHS) times.get(name)!.push((await newChain(workload, bench, name, directLinks(bench))).ms);
  }
  return new Map([...times].map(([name, ms]) => [name, median(ms)]));
}

/** The jump-host table: a jump sshd in front of the bench's bastion, one row per driver and path. */
export async function measureJumpHosts(env: BenchEnvironment, settings: JumpSettings): Promise<JumpRow[]> {
  const jump = await startSshd({ authorizedKeys: [env.key.publicKey] });
  const bench: JumpBench = { env, jump };
  const relaySets: LinkRelays[] = [];
  try {
    const slowService = await startLinkRelays(bench, { service: settings.delayMs, jump: 0 });
    relaySets.push(slowService);
    const slowBoth = await startLinkRelays(bench, { service: settings.delayMs, jump: settings.delayMs });
    relaySets.push(slowBoth);
    const rows: JumpRow[] = [];
    for (const workload of WORKLOADS.filter((w) => DRIVERS.has(w.driver))) {
      process.stderr.write(`jump hosts ${workload.driver}: `);
      const latency = await loopbackLatency(workload, bench, settings);
      const cold = await loopbackNewChain(workload, bench, settings.newChainTries);
      for (const name of CHAIN_PATHS) {
        const { service, both } = await throughRelays(workload, bench, name, { service: slowService, both: slowBoth }, settings.wanTries);
        const l = latency.get(name)!;
        rows.push({
          driver: workload.driver,
          path: name,
          simple_p50_ms: l.simple.p50,
          simple_p99_ms: l.simple.p99,
          new_chain_first_row_ms: cold.get(name)!,
          rt_new_chain: medianOf(service.chains, (s) => s.service),
          rt_new_chain_jump_link: medianOf(both.chains, (s) => s.jump),
          rt_warm_query: medianOf(service.warm, (s) => s.service),
          ms_new_chain_slow_service_link: medianOf(service.chains, (s) => s.ms),
          ms_warm_query_slow_service_link: medianOf(service.warm, (s) => s.ms),
          ms_new_chain_slow_both_links: medianOf(both.chains, (s) => s.ms),
          ms_warm_query_slow_both_links: medianOf(both.warm, (s) => s.ms),
        });
        process.stderr.write(`${name}; `);
      }
      process.stderr.write("\n");
    }
    return rows;
  } finally {
    for (const relays of relaySets) await relays.close();
    await jump.stop();
  }
}
