// The QueryResults document of Trino's client protocol (io.trino.client.QueryResults) and its
// JSON text. Rows are written by hand so bigint values stay exact JSON numbers (JSON.stringify
// cannot write a BigInt), and absent fields are omitted as Trino's Jackson mapping does.
import type { TrinoQueryError } from "./errors.ts";
import { encodeValue, type TrinoColumn, type TrinoTypeName } from "./types.ts";

export type QueryState = "QUEUED" | "RUNNING" | "FINISHED" | "FAILED";

/** io.trino.client.StatementStats (rootStage omitted: there are no stages here). */
export interface StatementStats {
  state: QueryState;
  queued: boolean;
  scheduled: boolean;
  progressPercentage?: number;
  runningPercentage?: number;
  nodes: number;
  totalSplits: number;
  queuedSplits: number;
  runningSplits: number;
  completedSplits: number;
  planningTimeMillis: number;
  analysisTimeMillis: number;
  cpuTimeMillis: number;
  wallTimeMillis: number;
  queuedTimeMillis: number;
  elapsedTimeMillis: number;
  finishingTimeMillis: number;
  physicalInputTimeMillis: number;
  processedRows: number;
  processedBytes: number;
  physicalInputBytes: number;
  physicalWrittenBytes: number;
  internalNetworkInputBytes: number;
  peakMemoryBytes: number;
  spilledBytes: number;
}

export function statementStats(
  state: QueryState,
  t: { elapsedMs: number; queuedMs: number; processedRows?: number; progress?: number },
): StatementStats {
  const started = state !== "QUEUED";
  const done = state === "FINISHED" || state === "FAILED";
  return {
    state,
    queued: state === "QUEUED",
    scheduled: started,
    ...(t.progress === undefined ? {} : { progressPercentage: t.progress, runningPercentage: done ? 0 : 100 - t.progress }),
    nodes: started ? 1 : 0,
    totalSplits: started ? 1 : 0,
    queuedSplits: 0,
    runningSplits: started && !done ? 1 : 0,
    completedSplits: done && state === "FINISHED" ? 1 : 0,
    planningTimeMillis: 0,
    analysisTimeMillis: 0,
    cpuTimeMillis: Math.round(t.elapsedMs - t.queuedMs),
    wallTimeMillis: Math.round(t.elapsedMs - t.queuedMs),
    queuedTimeMillis: Math.round(t.queuedMs),
    elapsedTimeMillis: Math.round(t.elapsedMs),
    finishingTimeMillis: 0,
    physicalInputTimeMillis: 0,
    processedRows: t.processedRows ?? 0,
    processedBytes: 0,
    physicalInputBytes: 0,
    physicalWrittenBytes: 0,
    internalNetworkInputBytes: 0,
    peakMemoryBytes: 0,
    spilledBytes: 0,
  };
}

export interface QueryResults {
  id: string;
  infoUri: string;
  partialCancelUri?: string;
  nextUri?: string;
  columns?: TrinoColumn[];
  data?: { types: TrinoTypeName[]; rows: unknown[][] };
  stats: StatementStats;
  error?: TrinoQueryError;
  warnings: unknown[];
  updateType?: string;
  updateCount?: number;
}

function encodeRows(types: TrinoTypeName[], rows: unknown[][]): string {
  return "[" + rows.map((row) => "[" + types.map((t, i) => encodeValue(t, row[i])).join(",") + "]").join(",") + "]";
}

/** JSON text of a QueryResults document; `data` is omitted when there are no rows, like Trino. */
export function serializeQueryResults(results: QueryResults): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(results)) {
    if (value === undefined) continue;
    if (key === "data") {
      const { types, rows } = value as NonNullable<QueryResults["data"]>;
      if (rows.length > 0) parts.push(`"data":${encodeRows(types, rows)}`);
      continue;
    }
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(",")}}`;
}
