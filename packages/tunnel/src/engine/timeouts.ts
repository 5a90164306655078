/** Per-stage limits, in milliseconds. Every stage has one: nothing waits forever. */
export interface StageTimeouts {
  dns: number;
  tcp: number;
  sshHandshake: number;
  sshAuth: number;
  forward: number;
  db: number;
}

export const DEFAULT_TIMEOUTS: StageTimeouts = { dns: 5_000, tcp: 10_000, sshHandshake: 10_000, sshAuth: 10_000, forward: 10_000, db: 15_000 };
