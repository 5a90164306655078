import type { StageRecorder } from "@connections/tunnel";

/**
 * For drivers that do TLS and login in one call with no event between them: TLS is reported as
 * passed with no separate timing, and the login stage carries the whole duration.
 */
export function recordLoginStages(recorder: StageRecorder | undefined, tls: boolean, startedAt: number): void {
  if (!recorder) return;
  if (tls) recorder.results.push({ name: "db_tls", status: "ok", duration_ms: 0, message: "timed together with db_auth" });
  else recorder.skipped("db_tls", "no_tls");
  recorder.ok("db_auth", startedAt);
}
