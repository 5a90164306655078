import type { StageName, StageSkipReason } from "./diagnostics.ts";

/** Each stage in plain words, for people; the code stays the name clients branch on. */
export const STAGE_LABELS: { [S in StageName]: string } = {
  dns: "DNS lookup",
  tcp: "TCP connection",
  ssh_handshake: "SSH handshake",
  host_key: "Host key check",
  ssh_auth: "SSH login",
  forward: "Tunnel to database",
  db_tls: "Database TLS",
  db_auth: "Database login",
  query: "Test query",
};

/** Why a stage was skipped, as a short phrase ("skipped: no TLS configured"). */
export const SKIP_REASON_LABELS: { [R in StageSkipReason]: string } = {
  no_tunnel: "no SSH tunnel",
  no_tls: "no TLS configured",
  earlier_failure: "an earlier stage failed",
};
