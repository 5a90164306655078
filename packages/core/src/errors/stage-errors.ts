import type { StageErrorCode, StageName } from "../diagnostics.ts";
import { AGENT_SERVER, BASTION_SERVER, capitalised, type SshServerRef } from "./ssh-server.ts";

/** The variables of the target policy, named in TARGET_DENIED hints. */
export const TARGET_POLICY_VARIABLES = { allow: "CONNECTIONS_ALLOW_TARGETS", deny: "CONNECTIONS_DENY_TARGETS" } as const;

/** Which database protocol failed: the hints name that protocol's ports and fields. */
export type DatabaseKind = "postgresql" | "mysql" | "vertica" | "clickhouse" | "trino";

/**
 * Who a TCP or DNS failure is about: the bastion, the database in the tcp stage's probe, or the
 * database as its driver's own socket met it (a query on a direct connection has no probe).
 */
export type NetworkPeer = "bastion" | "database" | "database_driver";

/** What each code's stage or hint depends on; `undefined` when both are fixed. */
export interface StageErrorDetails {
  DNS_FAILED: { peer: "database_driver" } | { field: string };
  DNS_TIMEOUT: { field: string };
  TCP_REFUSED: { peer: NetworkPeer };
  TCP_UNREACHABLE: { peer: NetworkPeer };
  TCP_TIMEOUT: { peer: Exclude<NetworkPeer, "database_driver"> };
  /** `stage` is where the address was met; `field` the config field that holds it. */
  TARGET_DENIED: { stage: StageName; field: string };
  /** `closed`: the bastion hung up without saying why. */
  SSH_HANDSHAKE_FAILED: { stage: "ssh_handshake" | "host_key" | "ssh_auth"; closed: boolean };
  SSH_HANDSHAKE_TIMEOUT: undefined;
  /** `pooled`: a shared connection, made earlier, shows another key than the one now pinned. */
  HOST_KEY_MISMATCH: { pooled: boolean };
  SSH_AUTH_FAILED: { user: string; closed: boolean };
  SSH_AUTH_TIMEOUT: undefined;
  FORWARD_PROHIBITED: undefined;
  FORWARD_CONNECT_FAILED: undefined;
  FORWARD_TIMEOUT: undefined;
  /** The refusal's reason: SSH_OPEN_UNKNOWN_CHANNEL_TYPE (3), SSH_OPEN_RESOURCE_SHORTAGE (4) or another. */
  FORWARD_REFUSED: { reason: "unknown_channel_type" | "resource_shortage" | "other" };
  /** `opening_channel`: ssh2 threw as a channel was asked for; `connection_end`: the connection went. */
  TUNNEL_LOST: { noticed: "opening_channel" | "connection_end" };
  TUNNEL_BUSY: undefined;
  /** `command`: the agent's OpenSSH line, or null when the service's agent endpoint is off. */
  AGENT_OFFLINE: { command: string | null };
  DB_CONNECT_FAILED: { database: DatabaseKind };
  /** `caField`: where the trusted CA is configured; `host`: the name the certificate must carry. */
  DB_TLS_FAILED: { caField: string; host: string };
  DB_AUTH_FAILED: { user: string };
  DB_TIMEOUT: { database: DatabaseKind };
  /** Why the statement was refused: the database rejected it (default), or we did before sending it. */
  QUERY_FAILED: { reason: "sql" | "other_origin" | "redirect" | "placeholders" } | undefined;
  QUERY_TIMEOUT: undefined;
  /** `by`: the database refused the write itself, or this service refused the statement before sending it. */
  READ_ONLY_VIOLATION: { by: "database" | "service" };
}

type Resolve<D, T> = T | ((detail: D, server: SshServerRef) => T);

interface StageErrorSpec<D> {
  stage: Resolve<D, StageName>;
  /** Names the field or setting to fix. */
  hint: Resolve<D, string>;
}

const DATABASE_TCP = "Check host and port; a database in a private network needs an ssh_tunnel";
const tcpPeerHint = (peer: "bastion" | "database", s: SshServerRef) =>
  peer === "database"
    ? DATABASE_TCP
    : `Check ${s.field}.host and ${s.field}.port, and that ${s.label} allows inbound SSH from ${s.reachedFrom}`;

const CONNECT_HINTS: Record<DatabaseKind, string> = {
  postgresql: "Check the database host, port and ssl settings",
  mysql: "Check the database host, port and ssl settings",
  vertica: "Check host, port (5433) and tls_mode",
  clickhouse: "Check that the port is ClickHouse's HTTP interface (8123, or 8443 with secure), not the native 9000",
  trino: "Check host, port and http_scheme (Trino's HTTP port, 8080 or 443 with https)",
};

const QUERY_HINTS = {
  sql: "Fix the SQL; the database's message says what it rejected",
  other_origin:
    "Check that host, port and the scheme are the address the server advertises to clients (a proxy in front of it must pass the Host header through unchanged)",
  redirect: "Point host, port and http_scheme at the Trino coordinator itself, not at an address that redirects",
  placeholders: "Give one entry in params for each ? in the SQL",
} as const;

const FORWARD_REFUSED_HINTS = {
  unknown_channel_type: (s: SshServerRef) =>
    `${s.field}.host must be an SSH server that forwards TCP connections (OpenSSH sshd with AllowTcpForwarding yes); SFTP-only and other restricted SSH services cannot be a bastion`,
  resource_shortage: (s: SshServerRef) => `${capitalised(s.label)} limits sessions (sshd MaxSessions); retry later or raise the limit`,
  other: (s: SshServerRef) => `Check ${s.label}'s sshd logs`,
} as const;

const closedBy = (s: SshServerRef) => `${capitalised(s.label)} may be limiting new connections (sshd MaxStartups) or refusing this client`;

/** The one place a stage error's stage and hint are decided; throw sites give only the code, message and detail. */
export const STAGE_ERRORS: { [C in StageErrorCode]: StageErrorSpec<StageErrorDetails[C]> } = {
  DNS_FAILED: {
    stage: "dns",
    hint: (d, s) =>
      "field" in d
        ? `Check the spelling of ${d.field}; it must resolve ${s.reachedFrom === "this service" ? "from where this service runs" : `on ${s.reachedFrom}`}`
        : "Check the database host name",
  },
  DNS_TIMEOUT: { stage: "dns", hint: (d) => `Check the DNS servers this service uses, or give ${d.field} as an IP address` },
  TCP_REFUSED: {
    stage: "tcp",
    hint: (d, s) =>
      d.peer === "database_driver"
        ? "Check the database host and port, and that the database is running"
        : `Nothing listens on that port: ${tcpPeerHint(d.peer, s)}`,
  },
  TCP_UNREACHABLE: {
    stage: "tcp",
    hint: (d, s) =>
      d.peer === "database_driver"
        ? "The database is not reachable from this service; if it is in a private network, add an ssh_tunnel"
        : tcpPeerHint(d.peer, s),
  },
  TCP_TIMEOUT: { stage: "tcp", hint: (d, s) => `${tcpPeerHint(d.peer, s)}; a firewall may be dropping the packets` },
  TARGET_DENIED: {
    stage: (d) => d.stage,
    hint: (d) => `Use another ${d.field}, or ask the operator of this service to allow the address in ${TARGET_POLICY_VARIABLES.allow}`,
  },
  SSH_HANDSHAKE_FAILED: {
    stage: (d) => d.stage,
    hint: (d, s) =>
      d.closed ? closedBy(s) : `Check that ${s.field}.port is ${s.label}'s SSH port and that its sshd accepts new connections`,
  },
  SSH_HANDSHAKE_TIMEOUT: { stage: "ssh_handshake", hint: (_, s) => `The port accepts TCP but does not speak SSH: check ${s.field}.port` },
  HOST_KEY_MISMATCH: {
    stage: "host_key",
    hint: (d, s) =>
      d.pooled
        ? `If the key changed on purpose, update ${s.field}.host_key_fingerprint`
        : `If ${s.label}'s host key was changed on purpose, set ${s.field}.host_key_fingerprint to the new fingerprint (check it on ${s.label} with ssh-keygen -lf)`,
  },
  SSH_AUTH_FAILED: {
    stage: "ssh_auth",
    hint: (d, s) =>
      d.closed
        ? closedBy(s)
        : `Add the connection's public key to ~${d.user}/.ssh/authorized_keys on ${s.label}, and check ${s.field}.user`,
  },
  SSH_AUTH_TIMEOUT: {
    stage: "ssh_auth",
    hint: (_, s) => `${capitalised(s.label)} is slow to accept the key; check its load and sshd logs`,
  },
  FORWARD_PROHIBITED: {
    stage: "forward",
    hint: (_, s) =>
      `Allow it on ${s.label}: AllowTcpForwarding yes in sshd_config, and PermitOpen or the key's permitopen= must include ${s.forwardsTo}`,
  },
  FORWARD_CONNECT_FAILED: {
    stage: "forward",
    hint: (_, s) =>
      `Check the database host and port: they must be reachable from ${s.label} (not from this service); is the database running?`,
  },
  FORWARD_TIMEOUT: {
    stage: "forward",
    hint: "The bastion may be unable to reach the database: check routes and firewalls from the bastion to the database host",
  },
  FORWARD_REFUSED: { stage: "forward", hint: (d, s) => FORWARD_REFUSED_HINTS[d.reason](s) },
  TUNNEL_LOST: {
    stage: "forward",
    hint: (d, s) =>
      s === AGENT_SERVER
        ? "The agent stopped, or its network dropped; the next call takes another connected agent, or fails with AGENT_OFFLINE until one is back"
        : d.noticed === "opening_channel"
          ? "Retry; the next call reconnects"
          : `${capitalised(s.label)} restarted, the network dropped, or keepalives went unanswered; the next call reconnects`,
  },
  TUNNEL_BUSY: { stage: "forward", hint: "Too many concurrent queries on this connection; retry later" },
  AGENT_OFFLINE: {
    stage: "agent",
    hint: (d) =>
      d.command
        ? `Start the agent in your network, on a machine that reaches the database: ${d.command}`
        : "This service's agent endpoint is off: its operator sets CONNECTIONS_AGENT_SSH_PORT to a port agents can reach",
  },
  DB_CONNECT_FAILED: { stage: "db_auth", hint: (d) => CONNECT_HINTS[d.database] },
  DB_TLS_FAILED: {
    stage: "db_tls",
    hint: (d) =>
      `Check the TLS settings: the CA (${d.caField}) must have signed the database's certificate, and for full verification the certificate must name ${d.host}`,
  },
  DB_AUTH_FAILED: { stage: "db_auth", hint: (d) => `Check user (${d.user}) and password, and that the user may connect to this database` },
  DB_TIMEOUT: {
    stage: "db_auth",
    hint: (d) =>
      d.database === "clickhouse"
        ? "Check that the port is ClickHouse's HTTP port (8123, or 8443 with secure)"
        : "The database is reachable but slow to answer; check its load and connection limits",
  },
  QUERY_FAILED: { stage: "query", hint: (d) => QUERY_HINTS[d?.reason ?? "sql"] },
  QUERY_TIMEOUT: { stage: "query", hint: "Raise timeout_ms, or make the query cheaper" },
  READ_ONLY_VIOLATION: {
    stage: "query",
    hint: (d) =>
      d.by === "service"
        ? "This connection is read-only: one SELECT, SHOW, DESCRIBE, EXPLAIN or WITH … SELECT statement per call, and a value holding a backslash goes in params. To change data, turn off Read-only on the connection (read_only: false), or use another one"
        : "This connection is read-only: the database session refuses every change. To change data, turn off Read-only on the connection (read_only: false), or use another one",
  },
};

/** The stage and hint of `code` given its detail, about `server` when it is an SSH server's failure. */
export function describeStageError<C extends StageErrorCode>(
  code: C,
  detail: StageErrorDetails[C],
  server: SshServerRef = BASTION_SERVER,
): { stage: StageName; hint: string } {
  const spec = STAGE_ERRORS[code] as StageErrorSpec<StageErrorDetails[C]>;
  return {
    stage: typeof spec.stage === "function" ? spec.stage(detail, server) : spec.stage,
    hint: typeof spec.hint === "function" ? spec.hint(detail, server) : spec.hint,
  };
}
