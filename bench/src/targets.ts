// The targets, each checked as a ratio (or bound) within one run.
import type { ApiLoadResult } from "./api-load.ts";
import type { IdleSessionRow } from "./idle-session-memory.ts";
import type { PathName } from "./paths.ts";
import type { RestQueryRow } from "./rest-query.ts";

export interface DriverRow {
  driver: string;
  path: PathName;
  simple_p50_ms: number;
  simple_p99_ms: number;
  param_p50_ms: number;
  param_p99_ms: number;
  bulk_mb_s: number;
  new_path_first_query_ms: number;
  new_session_warm_path_ms: number;
  /** Parameterised queries per second from the concurrent clients together. */
  concurrent_qps: number;
}

export interface TargetRow {
  target: string;
  driver: string;
  measured: number;
  bound: string;
  met: boolean;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function checkTargets(rows: DriverRow[], api: ApiLoadResult[], idle: { rss_kib_per_tunnel: number }): TargetRow[] {
  const out: TargetRow[] = [];
  const at = (driver: string, path: PathName) => rows.find((r) => r.driver === driver && r.path === path)!;
  const ratio = (target: string, driver: string, value: number, bound: string, met: (v: number) => boolean) =>
    out.push({ target, driver, measured: round(value), bound, met: met(value) });
  for (const driver of new Set(rows.map((r) => r.driver))) {
    const ours = at(driver, "ours");
    const direct = at(driver, "direct");
    const openssh = at(driver, "openssh");
    ratio("warm p50 simple, ours / direct", driver, ours.simple_p50_ms / direct.simple_p50_ms, "≤ 1.3", (v) => v <= 1.3);
    ratio("warm p50 parameterised, ours / direct", driver, ours.param_p50_ms / direct.param_p50_ms, "≤ 1.3", (v) => v <= 1.3);
    ratio("warm p50 simple, ours / OpenSSH -L", driver, ours.simple_p50_ms / openssh.simple_p50_ms, "≤ 0.8", (v) => v <= 0.8);
    ratio("bulk, ours / direct", driver, ours.bulk_mb_s / direct.bulk_mb_s, "≥ 0.9", (v) => v >= 0.9);
    ratio("bulk, ours / OpenSSH -L", driver, ours.bulk_mb_s / openssh.bulk_mb_s, "≥ 1.25", (v) => v >= 1.25);
    ratio(
      "new tunnel + first query, ours / OpenSSH -L",
      driver,
      ours.new_path_first_query_ms / openssh.new_path_first_query_ms,
      "≤ 0.5",
      (v) => v <= 0.5,
    );
    ratio("new DB session over a warm tunnel (ms)", driver, ours.new_session_warm_path_ms, "≤ 5", (v) => v <= 5);
    ratio("64 concurrent clients, ours / direct", driver, ours.concurrent_qps / direct.concurrent_qps, "≥ 0.8", (v) => v >= 0.8);
  }
  for (const result of api)
    ratio(`API ${result.operation} p99 at ${result.clients} clients (ms)`, "api", result.p99_ms, "< 50", (v) => v < 50);
  ratio("resident memory per idle pooled tunnel (KiB)", "tunnel", idle.rss_kib_per_tunnel, "< 1024", (v) => v < 1024);
  return out;
}

/** Warm REST query p50 within 1.3× of reading the same connection, per driver and path. */
export function restQueryTargets(rows: RestQueryRow[]): TargetRow[] {
  return rows.map((row) => ({
    target: `REST query p50 / GET connection p50, ${row.path}`,
    driver: row.driver,
    measured: row.query_over_get,
    bound: "≤ 1.3",
    met: row.query_over_get <= 1.3,
  }));
}

/** An idle pool (one kept session) costs under 64 KiB of memory, per driver: resident and JS heap alike. */
export function idleSessionTargets(rows: IdleSessionRow[]): TargetRow[] {
  return rows.map((row) => {
    const measured = Math.max(row.rss_kib_per_pool, row.js_kib_per_pool);
    return {
      target: "memory per idle session pool (KiB, larger of resident and JS)",
      driver: row.driver,
      measured,
      bound: "< 64",
      met: measured < 64,
    };
  });
}
