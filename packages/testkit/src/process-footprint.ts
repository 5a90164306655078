import { readdirSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { delay } from "./child-process.ts";

/** Open file descriptors and live libuv resources (sockets, servers, timers) of this process. */
export interface Footprint {
  fds: number;
  resources: Record<string, number>;
}

export function footprint(): Footprint {
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  return { fds: readdirSync("/proc/self/fd").length, resources };
}

/**
 * The footprint (with `extra` figures such as channel counts) once it has stopped changing:
 * sockets finish closing a few ticks after a call returns.
 */
export async function settledFootprint<T extends object>(extra: () => T = () => ({}) as T): Promise<Footprint & T> {
  const take = () => ({ ...footprint(), ...extra() });
  let previous = JSON.stringify(take());
  for (let i = 0; i < 50; i++) {
    await delay(200);
    const now = JSON.stringify(take());
    if (now === previous) return JSON.parse(now) as Footprint & T;
    previous = now;
  }
  return take();
}

/** Bytes of JS heap in use after a full garbage collection. */
export function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed;
}
