/** Per-stage limits, in milliseconds. Every stage has one: nothing waits forever. */
export interface StageTimeouts {
  dns: number;
  tcp: number;
  sshHandshake: number;
  sshAuth: number;
  forward: number;
  db: number;
}

export const DEFAULT_TIMEOUTS: StageTimeouts = {
  dns: 5_000,
  tcp: 10_000,
  sshHandshake: 10_000,
  sshAuth: 10_000,
  forward: 10_000,
  db: 15_000,
};

/**
 * How a silent SSH connection is noticed: a keepalive every `intervalMs` without traffic; with
 * `countMax` of them unanswered, the next interval ends the connection, intervalMs × (countMax + 1)
 * after the last sign of life.
 */
export interface Keepalive {
  intervalMs: number;
  countMax: number;
}

// 45 s of silence (15 s × 3). sshd's own timers are longer; ours decide, so theirs only need to
// be out of the way. Too short an interval drops connections that are only slow (ssh2 #474).
export const DEFAULT_KEEPALIVE: Keepalive = { intervalMs: 15_000, countMax: 2 };

/** How long a silent SSH connection may go unnoticed: intervalMs × (countMax + 1). */
export function keepaliveBudgetMs({ intervalMs, countMax }: Keepalive): number {
  return intervalMs * (countMax + 1);
}
