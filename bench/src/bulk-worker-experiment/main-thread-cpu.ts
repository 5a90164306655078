import { readFileSync } from "node:fs";

// Linux reports in USER_HZ, 100 on every architecture Node runs on.
const MS_PER_TICK = 10;

/**
 * CPU ms used so far by this process's main thread alone (Node 20 has no per-thread cpuUsage).
 * Event-loop utilisation would count time the thread was runnable but not running, which on a
 * shared 2-core machine is much of it.
 */
export function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}
