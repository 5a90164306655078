import type { ConnectionConfig, ConnectionType } from "@connections/core";
import type { StageRecorder, Transport } from "@connections/tunnel";
import type { SessionResult } from "./result-budget.ts";
import type { RowSink } from "./row-sink.ts";

export interface DriverContext {
  transport: Transport;
  /** Budget for reaching the database and logging in (db_tls + db_auth). */
  connectTimeoutMs: number;
  /** The statement timeout the first query will use, if known, so it can be set at login. */
  statementTimeoutMs?: number | undefined;
  /**
   * The session refuses every change (SPEC §12): the database enforces it where it can, and the
   * driver refuses what is not a read before sending it where it cannot.
   */
  readOnly?: boolean | undefined;
  /** Receives db_tls and db_auth timings during a diagnosis. */
  recorder?: StageRecorder | undefined;
}

export interface QueryOptions {
  maxRows: number;
  /** Most bytes of JSON the result may take (see ResultBudget); default DEFAULT_MAX_BYTES. */
  maxBytes?: number | undefined;
  timeoutMs: number;
  /** Streams the rows there instead of returning them (the result then has none). */
  sink?: RowSink | undefined;
}

/** One logged-in database session. Rows come back as arrays in column order. */
export interface DatabaseSession {
  query(sql: string, params: readonly unknown[], options: QueryOptions): Promise<SessionResult>;
  /**
   * Makes the session as a new login would leave it (session settings, temporary tables and
   * variables gone), so the session pool can lend it again; rejects when it cannot be reused.
   */
  reset(): Promise<void>;
  /** False once the session's connection has ended or was cut (e.g. a result read only in part). */
  isOpen(): boolean;
  close(): Promise<void>;
}

/** One small module per database type implements this for its config; failures are TunnelErrors with a stage. */
export interface ConfigDriver<C> {
  connect(config: C, context: DriverContext): Promise<DatabaseSession>;
}

export type DatabaseDriver<T extends ConnectionType = ConnectionType> = ConfigDriver<ConnectionConfig<T>>;
