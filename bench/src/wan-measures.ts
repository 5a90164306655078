// WAN mode: each tunnelled path's SSH client reaches the bastion through a relay that counts round
// trips (direction changes of the byte flow) and, in a second run, delays every chunk each way.
// Per driver and path: a new tunnel + first row, a new database session over a warm tunnel + first
// row, and a warm query; as round trips (relay without delay) and as wall time (delaying relay).
import { setTimeout as delay } from "node:timers/promises";
import type { DatabaseSession } from "@connections/drivers";
import { connectSession } from "./driver-measures.ts";
import type { BenchEnvironment } from "./environment.ts";
import { openPath, type OpenPath, type PathName } from "./paths.ts";
import { median } from "./percentiles.ts";
import { startWanRelay, type WanRelay } from "./wan-relay.ts";
import { WORKLOADS, type Workload } from "./workloads.ts";

export const WAN_PATHS = ["ours", "openssh", "tunnel-ssh"] as const satisfies readonly PathName[];

export interface WanSettings {
  /** Held each way per chunk by the delaying relay. */
  delayMs: number;
  tries: number;
}

export const wanSettings = (quick: boolean): WanSettings => ({ delayMs: 10, tries: quick ? 3 : 5 });

export const wanTitle = (settings: WanSettings) =>
  `WAN (SSH via a relay: round trips counted without delay and, *_slow, with ${settings.delayMs} ms each way; ms on that link)`;

/** rt_*: round trips counted on the relay without delay; *_slow: the same on the delaying relay, with its wall ms. */
export interface WanRow {
  driver: string;
  path: PathName;
  rt_new_tunnel: number;
  rt_new_session: number;
  rt_warm_query: number;
  rt_new_tunnel_slow: number;
  rt_new_session_slow: number;
  rt_warm_query_slow: number;
  ms_new_tunnel: number;
  ms_new_session: number;
  ms_warm_query: number;
}

interface Sample {
  roundTrips: number;
  ms: number;
}

const QUERY = { maxRows: 1000, timeoutMs: 60_000 };

/** Round trips and ms while `work` runs; `work` ends at the first row. */
async function sample(relay: WanRelay, work: () => Promise<void>): Promise<Sample> {
  const before = relay.roundTrips();
  const started = performance.now();
  await work();
  return { ms: performance.now() - started, roundTrips: relay.roundTrips() - before };
}

/**
 * Lets the closing messages of one try (channel close, EOF) cross the relay before the next try
 * starts counting, so they are not counted against it.
 */
const settle = (settings: WanSettings) => delay(4 * settings.delayMs + 30);

async function firstRow(workload: Workload, session: DatabaseSession): Promise<void> {
  const result = await session.query(workload.simple, [], QUERY);
  if (result.row_count !== 1) throw new Error(`${workload.driver}: expected one row, got ${result.row_count}`);
}

async function measurePath(
  workload: Workload,
  env: BenchEnvironment,
  name: PathName,
  relay: WanRelay,
  settings: WanSettings,
): Promise<{ newTunnel: Sample[]; newSession: Sample[]; warm: Sample[] }> {
  const config = env.configs[workload.driver];
  const newTunnel: Sample[] = [];
  for (let t = 0; t < settings.tries; t++) {
    let path: OpenPath | undefined;
    let session: DatabaseSession | undefined;
    newTunnel.push(
      await sample(relay, async () => {
        path = await openPath(name, env, config, undefined, relay.port);
        session = await connectSession(workload, path);
        await firstRow(workload, session);
      }),
    );
    await session?.close();
    await path?.close();
    await settle(settings);
  }

  const path = await openPath(name, env, config, undefined, relay.port);
  const newSession: Sample[] = [];
  const warm: Sample[] = [];
  try {
    for (let t = 0; t < settings.tries; t++) {
      let session: DatabaseSession | undefined;
      newSession.push(
        await sample(relay, async () => {
          session = await connectSession(workload, path);
          await firstRow(workload, session);
        }),
      );
      await session?.close();
      await settle(settings);
    }
    const session = await connectSession(workload, path);
    try {
      await firstRow(workload, session);
      await settle(settings);
      for (let t = 0; t < settings.tries; t++) {
        warm.push(await sample(relay, () => firstRow(workload, session)));
        await settle(settings);
      }
    } finally {
      await session.close();
    }
  } finally {
    await path.close();
  }
  return { newTunnel, newSession, warm };
}

const medianOf = (samples: Sample[], pick: (s: Sample) => number) => Math.round(median(samples.map(pick)) * 10) / 10;

/** The WAN table: one row per driver and tunnelled path. */
export async function measureWan(env: BenchEnvironment, settings: WanSettings): Promise<WanRow[]> {
  const target = { host: env.sshd.host, port: env.sshd.port };
  const counting = await startWanRelay({ target, delayMs: 0 });
  const slow = await startWanRelay({ target, delayMs: settings.delayMs });
  const rows: WanRow[] = [];
  try {
    for (const workload of WORKLOADS) {
      process.stderr.write(`WAN ${workload.driver}: `);
      for (const name of WAN_PATHS) {
        const counted = await measurePath(workload, env, name, counting, { ...settings, delayMs: 0 });
        const timed = await measurePath(workload, env, name, slow, settings);
        rows.push({
          driver: workload.driver,
          path: name,
          rt_new_tunnel: medianOf(counted.newTunnel, (s) => s.roundTrips),
          rt_new_session: medianOf(counted.newSession, (s) => s.roundTrips),
          rt_warm_query: medianOf(counted.warm, (s) => s.roundTrips),
          rt_new_tunnel_slow: medianOf(timed.newTunnel, (s) => s.roundTrips),
          rt_new_session_slow: medianOf(timed.newSession, (s) => s.roundTrips),
          rt_warm_query_slow: medianOf(timed.warm, (s) => s.roundTrips),
          ms_new_tunnel: medianOf(timed.newTunnel, (s) => s.ms),
          ms_new_session: medianOf(timed.newSession, (s) => s.ms),
          ms_warm_query: medianOf(timed.warm, (s) => s.ms),
        });
        process.stderr.write(`${name} `);
      }
      process.stderr.write("\n");
    }
  } finally {
    await counting.close();
    await slow.close();
  }
  return rows;
}
