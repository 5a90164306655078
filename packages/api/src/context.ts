import type { Database, Keyring } from "@connections/db";
import type { TargetPolicy, TunnelPool } from "@connections/tunnel";
import type { Agents } from "./agents/agents.ts";
import type { AuditLog } from "./audit/audit-log.ts";
import type { ServiceCaches } from "./caches/service-caches.ts";
import type { ConnectionTypes } from "./connection-types.ts";
import type { WorkLimiter } from "./limits/work-limiter.ts";
import type { SessionPool } from "./sessions/session-pool.ts";
import type { Throttle } from "./throttle/throttle.ts";

/** What every service function needs; built once per process by the adapter that hosts it. */
export interface ServiceContext {
  db: Database;
  keyring: Keyring;
  /** Shared SSH connections for queries, one per bastion and key. */
  tunnels: TunnelPool;
  /** Reverse tunnels: the agents that dialled in to this process's endpoint. */
  agents: Agents;
  /** Logged-in database sessions kept per connection and chat connector, for queries (never tests). */
  sessions: SessionPool;
  /** Bounds the tests and queries running at once per project or user. */
  limits: WorkLimiter;
  /** Sign-in and network-call rate limits, counted in the database. */
  throttle: Throttle;
  /** Which addresses bastions and databases may have; `tunnels` holds the same policy. */
  targetPolicy: TargetPolicy;
  /** The server's ceiling on a query's max_bytes. */
  maxResultBytes: number;
  /** The types a connection may have, with their drivers. */
  connectionTypes: ConnectionTypes;
  /** Access keys and connections remembered for a short window, dropped at once on change. */
  caches: ServiceCaches;
  /** Every query, test and change, recorded off the caller's path (SPEC §12). */
  audit: AuditLog;
}

/** Who is calling. Every lookup is limited to these projects; anything else is "not found". */
export interface Principal {
  kind: "access_key" | "user";
  id: string;
  projectIds: readonly string[];
  /** The client's address, for the audit log; null when the adapter does not know it. */
  address?: string | null;
}
