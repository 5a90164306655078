// Where the CPU goes during a measurement, by process: this one (driver, and our tunnel or
// tunnel-ssh), sshd, OpenSSH's client, the database. On a 2-core machine a path is only as fast
// as the CPU it leaves the database, so throughput ratios are read against these.
import { readdirSync, readFileSync } from "node:fs";

/** utime + stime (+ reaped children's) in clock ticks, from /proc/<pid>/stat. */
function readStat(pid: string): { ppid: number; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces; fields count from after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return { ppid: Number(fields[1]), ticks: utime! + stime! + cutime! + cstime! };
  } catch {
    return undefined;
  }
}

// Linux reports in USER_HZ, 100 on every architecture Node runs on.
const MS_PER_TICK = 10;

/** CPU ms used so far by `root` and every process below it. */
export function treeCpuMs(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat) stats.set(Number(entry), stat);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) ticks += stat.ticks;
  return ticks * MS_PER_TICK;
}

export interface CpuShare {
  /** This process: the driver, plus our tunnel or tunnel-ssh when they are the path. */
  client_ms: number;
  sshd_ms: number;
  /** OpenSSH's `ssh -L`, on that path only. */
  ssh_client_ms: number;
  database_ms: number;
}

/** Runs `work` and returns what each process spent on it. */
export async function cpuDuring<T>(
  pids: { sshd: number; database: number; sshClient?: number | undefined },
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuShare }> {
  const sample = () => ({
    client: process.cpuUsage(),
    sshd: treeCpuMs(pids.sshd),
    ssh: pids.sshClient ? treeCpuMs(pids.sshClient) : 0,
    database: treeCpuMs(pids.database),
  });
  const before = sample();
  const result = await work();
  const after = sample();
  const client = process.cpuUsage(before.client);
  return {
    result,
    cpu: {
      client_ms: Math.round((client.user + client.system) / 1000),
      sshd_ms: after.sshd - before.sshd,
      ssh_client_ms: after.ssh - before.ssh,
      database_ms: after.database - before.database,
    },
  };
}
